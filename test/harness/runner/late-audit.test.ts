/**
 * The runner's side of the short negative wait, on a fake dataplane: a packet called
 * blocked that arrives later never leaves its step agreeing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LateArrival, Observation } from '../../../harness/dataplane/index.ts';
import { executeScenario } from '../../../harness/runner/index.ts';
import { evaluateScenario } from '../../../spec/index.ts';
import {
  fakeBackend,
  fakeDriver,
  modelObservations,
  resolve,
  webScenario,
  type LateAnswer,
} from './fakes.ts';

const scenario = webScenario();
const perfect = modelObservations(scenario);
const expectations = evaluateScenario(scenario).results.map((r) => r.expectation);
/** Perform order -> step index of the traffic steps. */
const trafficSteps = expectations.flatMap((e, i) =>
  e.kind === 'config' || e.kind === 'noop' ? [] : [i],
);

const blocked = (probeId: string): Observation => ({
  kind: 'observed',
  delivered: false,
  seenFrom: null,
  elapsedMs: 30,
  probeId,
  blockedAfterMs: 25,
});
const arrival = (probeId: string, arrivedAt: number, seenFrom = '10.0.0.1'): LateArrival => ({
  probeId,
  delivered: true,
  seenFrom,
  arrivedAt,
  arrivedAfterMs: 120,
});

async function run(answer: (call: number) => Observation, late: LateAnswer) {
  const backend = fakeBackend((_, call) => answer(call), late);
  const dataplane = await backend.create(scenario.topology, { probeTimeoutMs: 200 });
  return executeScenario(scenario, dataplane, fakeDriver(), {
    stopAtFirstDisagreement: true,
    snapshotOnDisagreement: true,
  });
}

describe('late-arrival audit', () => {
  it('turns a blocked step whose packet arrived under the same rules into a disagreement', async () => {
    expect(expectations[0]).toMatchObject({ kind: 'traffic', delivered: false });
    const execution = await run(
      (call) => (call === 0 ? blocked('p0') : perfect[call]!),
      (ids) => (ids === undefined ? [arrival('p0', 0)] : []),
    );
    expect(execution.verdict).toBe('disagree');
    expect(execution.firstDisagreement).toBe(0);
    expect(execution.steps[0]).toMatchObject({
      verdict: 'disagree',
      observation: { delivered: true, late: { arrivedAfterMs: 120 } },
    });
    expect(execution.steps[0]!.note).toMatch(/late arrival/);
    expect(execution.steps[0]!.blame).not.toBeNull();
    expect(execution.snapshot).not.toBeNull();
  });

  it('makes it inconclusive when a configuration step began before the packet arrived and none admits it', async () => {
    // Seen from an address no configuration of the scenario would show.
    const execution = await run(
      (call) => (call === 0 ? blocked('p0') : perfect[call]!),
      (ids) => (ids === undefined ? [arrival('p0', Number.MAX_SAFE_INTEGER, '10.0.0.1')] : []),
    );
    expect(execution.verdict).toBe('inconclusive');
    expect(execution.steps[0]).toMatchObject({ verdict: 'inconclusive' });
    expect(execution.steps[0]!.note).toMatch(/configuration step had begun/);
  });

  it('keeps the agreement when a later configuration step admits the packet in the model', async () => {
    // Step 4 adds the last rule a -> b tcp/80 needs: a retransmission after it passes.
    const expected = expectations[5];
    expect(expected).toMatchObject({ kind: 'traffic', delivered: true });
    const seenFrom = expected?.kind === 'traffic' ? (expected.seenFrom ?? 'x') : 'x';
    const execution = await run(
      (call) => (call === 0 ? blocked('p0') : perfect[call]!),
      (ids) => (ids === undefined ? [arrival('p0', Number.MAX_SAFE_INTEGER, seenFrom)] : []),
    );
    expect(execution.verdict).toBe('agree');
    expect(execution.steps[0]).toMatchObject({
      verdict: 'agree',
      observation: { delivered: false },
    });
    expect(execution.steps[0]!.note).toMatch(/once step 4 had begun, whose rules admit it/);
  });

  it('settles an expected delivery patiently: a late arrival within the timeout agrees', async () => {
    const call = trafficSteps.findIndex((i) => {
      const e = expectations[i]!;
      return e.kind === 'traffic' && e.delivered;
    });
    const step = trafficSteps[call]!;
    const expected = expectations[step]!;
    if (expected.kind !== 'traffic') throw new Error('not a traffic step');
    const asked: (readonly string[] | undefined)[] = [];
    const execution = await run(
      (c) => (c === call ? blocked('slow') : perfect[c]!),
      (ids) => {
        asked.push(ids);
        return ids?.includes('slow') === true ? [arrival('slow', 0, expected.seenFrom ?? 'x')] : [];
      },
    );
    expect(asked).toContainEqual(['slow']);
    expect(execution.steps[step]).toMatchObject({ verdict: 'agree', observation: { late: {} } });
    expect(execution.verdict).toBe('agree');
  });

  describe('an expected delivery slower than the probe timeout, whose re-probe is delivered', () => {
    const call = trafficSteps.findIndex((i) => {
      const e = expectations[i]!;
      return e.kind === 'traffic' && e.delivered;
    });
    const step = trafficSteps[call]!;
    const expected = expectations[step]!;
    /** The first try is blocked; the re-probe (one extra perform) is delivered. */
    const answer = (c: number): Observation =>
      c < call ? perfect[c]! : c === call ? blocked('slow') : perfect[c - 1]!;
    /** The packet shows up only on the `nth` question about it. */
    const arrivesOn = (nth: number): LateAnswer => {
      let asked = 0;
      return (ids) => {
        if (ids?.includes('slow') !== true) return [];
        asked += 1;
        const from = expected.kind === 'traffic' ? (expected.seenFrom ?? 'x') : 'x';
        return asked === nth ? [arrival('slow', 0, from)] : [];
      };
    };

    it('agrees, with a note, when its first packet arrived meanwhile', async () => {
      const execution = await run(answer, arrivesOn(2));
      expect(execution.steps[step]).toMatchObject({
        verdict: 'agree',
        observation: { delivered: true, late: { arrivedAfterMs: 120 } },
      });
      expect(execution.steps[step]!.note).toMatch(/slower than the probe timeout/);
      expect(execution.verdict).toBe('agree');
    });

    it('stays inconclusive when its first packet never arrived', async () => {
      const execution = await run(answer, arrivesOn(99));
      expect(execution.steps[step]).toMatchObject({ verdict: 'inconclusive', unconfirmed: true });
      expect(execution.verdict).toBe('inconclusive');
    });
  });
});

describe('a TCP retransmission after a rule change (neutron run 158 of seed 20261202)', () => {
  // Step 4 sends on f1 after its egress rule went (blocked; the drop makes the flow
  // unpredictable in the model), step 6 adds egress to anywhere: the kernel's
  // retransmission of that segment meets step 6's rules.
  const input: unknown = JSON.parse(
    readFileSync(
      new URL('./fixtures/retransmission-after-rule-change.json', import.meta.url),
      'utf8',
    ),
  );
  const retransmitted = resolve(input as Parameters<typeof resolve>[0]);
  const observations = modelObservations(retransmitted);

  it('keeps the send agreeing when the retransmission arrives, seen from the router', async () => {
    const backend = fakeBackend(
      (_, call) => (call === 2 ? blocked('p2') : observations[call]!),
      (ids) => (ids === undefined ? [arrival('p2', Number.MAX_SAFE_INTEGER, '192.0.2.19')] : []),
    );
    const dataplane = await backend.create(retransmitted.topology, { probeTimeoutMs: 200 });
    const execution = await executeScenario(retransmitted, dataplane, fakeDriver(), {
      stopAtFirstDisagreement: true,
    });
    expect(execution.steps[4]).toMatchObject({
      verdict: 'agree',
      observation: { delivered: false },
    });
    expect(execution.steps[4]!.note).toMatch(/once step 6 had begun/);
    expect(execution.verdict).toBe('agree');
  });
});
