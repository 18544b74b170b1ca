/**
 * The seven frames of the Safespring walkthrough ("The Safespring network model explained"), frame by frame. The
 * expected lists are written from the seed text, not from the model: any change to a
 * frame, or to the model's reading of it, breaks this test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeStep,
  evaluateScenario,
  parseScenario,
  type Expectation,
  type Step,
} from '../../../spec/index.ts';
import { verdict } from '../fixtures.ts';

const file = new URL('../../../examples/safespring-walkthrough.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('the walkthrough example must be valid');
const results = evaluateScenario(parsed.scenario).results;

/** Steps grouped by their "frame N" note. */
function frames(): Map<number, { step: Step; expectation: Expectation }[]> {
  const byFrame = new Map<number, { step: Step; expectation: Expectation }[]>();
  let current = 0;
  for (const r of results) {
    const m = /^frame (\d)/.exec(r.step.note ?? '');
    if (m) current = Number(m[1]);
    byFrame.set(current, [...(byFrame.get(current) ?? []), r]);
  }
  return byFrame;
}

const PUB = '198.51.100.10';
const DEF = '100.64.0.10';
const PRIV = '100.65.0.10';
const HOST = '192.0.2.11';

const expected: Record<number, string[]> = {
  1: [
    'probe pub -> internet tcp/443 => blocked',
    'probe internet -> pub tcp/443 => blocked',
    'probe def -> internet tcp/443 => blocked',
    'probe priv -> internet tcp/443 => blocked',
    'probe pub -> def tcp/80 => blocked',
    'probe def -> pub tcp/3333 => blocked',
    'probe priv -> def tcp/4545 => blocked',
    'probe pub -> internet icmp echo => blocked',
  ],
  2: [
    'attachGroup pub-sg to pub => config',
    'addRule pub-sg: egress any to 0.0.0.0/0 => config',
    `probe pub -> internet tcp/443 => delivered from ${PUB}`,
    `probe pub -> one-one-one-one udp/53 => delivered from ${PUB}`,
    `probe pub -> internet icmp echo => delivered from ${PUB}`,
    'probe internet -> pub tcp/443 => blocked',
    'probe def -> internet tcp/443 => blocked',
  ],
  3: [
    'addRule pub-sg: ingress tcp 443 from 0.0.0.0/0 => config',
    'probe internet -> pub tcp/443 => delivered from 203.0.113.11',
    'probe one-one-one-one -> pub tcp/443 => delivered from 203.0.113.111',
    'probe internet -> pub tcp/22 => blocked',
    'probe internet -> pub udp/443 => blocked',
  ],
  4: [
    'attachGroup def-sg to def => config',
    'addRule def-sg: ingress tcp 80 from group pub-sg => config',
    `probe pub -> def tcp/80 => delivered from ${PUB}`,
    'probe pub -> def tcp/81 => blocked',
    'probe def -> pub tcp/80 => blocked',
    'probe internet -> def tcp/80 => blocked',
  ],
  5: [
    'addRule pub-sg: ingress tcp 3333 from group def-sg => config',
    'addRule def-sg: egress tcp 3333 to 198.51.100.10/32 => config',
    `probe def -> pub tcp/3333 => delivered from ${DEF}`,
    'probe pub -> def tcp/3333 => blocked',
    'probe def -> internet tcp/3333 => blocked',
  ],
  6: [
    'attachGroup priv-sg to priv => config',
    'addRule def-sg: ingress tcp 4545 from group priv-sg => config',
    'addRule priv-sg: egress any to 0.0.0.0/0 => config',
    `probe priv -> def tcp/4545 => delivered from ${PRIV}`,
    `probe priv -> pub tcp/443 => delivered from ${PRIV}`,
    'probe priv -> internet tcp/443 => blocked',
    'probe priv -> one-one-one-one udp/53 => blocked',
    'probe priv -> internet icmp echo => blocked',
    'probe def -> priv tcp/4545 => blocked',
    'probe internet -> priv tcp/4545 => blocked',
  ],
  7: [
    'addRule def-sg: egress tcp 443 to 203.0.113.111/32 => config',
    `probe def -> one-one-one-one tcp/443 => delivered from ${HOST}`,
    'probe def -> internet tcp/443 => blocked',
    'probe def -> one-one-one-one tcp/80 => blocked',
    'probe one-one-one-one -> def tcp/443 => blocked',
    `open https: def -> one-one-one-one tcp/443 => delivered from ${HOST}`,
    'send https reply => delivered from 203.0.113.111',
    'close https => flow',
  ],
};

describe('safespring walkthrough ("The Safespring network model explained")', () => {
  const byFrame = frames();

  it('has exactly the seven frames of the seed, each introduced by a note', () => {
    expect([...byFrame.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  for (const frame of [1, 2, 3, 4, 5, 6, 7]) {
    it(`frame ${frame}: the model gives what the seed says`, () => {
      const got = (byFrame.get(frame) ?? []).map(
        (r) => `${describeStep(r.step)} => ${verdict(r.expectation)}`,
      );
      expect(got).toEqual(expected[frame]);
    });
  }

  it('every frame is configuration steps followed by traffic steps', () => {
    for (const steps of byFrame.values()) {
      const ops = steps.map((s) => (s.expectation.kind === 'config' ? 'config' : 'traffic'));
      expect(ops.join(' ')).toMatch(/^(config )*(traffic ?)+$/);
    }
  });

  it('names the deciding requirement of the key moments', () => {
    const byLine = new Map(results.map((r) => [describeStep(r.step), r.expectation]));
    const idsOf = (line: string) => {
      const e = byLine.get(line);
      return e !== undefined && 'requirements' in e ? e.requirements : [];
    };
    expect(idsOf('probe pub -> def tcp/80')).toContain('NET-ONE-DOMAIN'); // last match: frame 4
    expect(idsOf('probe priv -> internet icmp echo')).toContain('NET-PRIVATE');
    expect(idsOf('probe def -> one-one-one-one tcp/443')).toContain('NET-NAT-OUT');
    expect(idsOf('probe one-one-one-one -> def tcp/443')).toContain('NET-NAT-IN');
    expect(idsOf('probe def -> pub tcp/3333')).toContain('NET-INTERNAL-NO-NAT');
    expect(idsOf('send https reply')).toEqual(['CT-REPLY']);
    const frame1 = byFrame.get(1) ?? [];
    for (const r of frame1)
      expect(
        r.expectation.kind === 'traffic' &&
          r.expectation.requirements.some((id) => id === 'SG-NONE' || id === 'NET-PRIVATE'),
      ).toBe(true);
  });

  it('agrees with every `expect` written in the file', () => {
    for (const r of results) {
      const e = 'expect' in r.step ? r.step.expect : undefined;
      if (e === undefined) continue;
      expect(verdict(r.expectation), describeStep(r.step)).toBe(
        e.delivered ? `delivered from ${e.seenFrom}` : 'blocked',
      );
    }
  });
});
