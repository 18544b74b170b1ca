/**
 * Follow-up probes separate what one observation cannot: for the witness of each
 * mutant whose disagreement is a blocked new flow, the follow-up probes are answered
 * as that mutant's dataplane answers them, and the blame then names only the
 * requirement the mutant breaks.
 */
import { describe, expect, it } from 'vitest';
import {
  blameStep,
  followUp,
  type ObservedOutcome,
  type ScenarioInput,
  type Step,
} from '../../../spec/index.ts';
import { ab, oneSite, probe, resolve, rule } from '../fixtures.ts';

const blocked: ObservedOutcome = { delivered: false, seenFrom: null };
const from = (ip: string): ObservedOutcome => ({ delivered: true, seenFrom: ip });

/** Blame for the last step of `input`, observed `observed`, after follow-ups answered by `sees`. */
function precise(
  input: ScenarioInput,
  observed: ObservedOutcome,
  sees: (probe: Extract<Step, { op: 'probe' }>) => ObservedOutcome,
) {
  const scenario = resolve(input);
  const index = scenario.steps.length - 1;
  const before = blameStep(scenario, index, observed);
  const extended = followUp(scenario, index);
  if (extended === null) throw new Error('no follow-up');
  const evidence = new Map(
    extended.probes.map((at) => {
      const step = extended.scenario.steps[at]!;
      if (step.op !== 'probe') throw new Error(`follow-up ${at} is a ${step.op}`);
      return [at, sees(step)] as const;
    }),
  );
  return { before, after: blameStep(extended.scenario, index, observed, evidence) };
}

const A = '198.51.100.1';
const tcp22 = ab(
  'safespring',
  [rule('ingress', 'tcp', '0.0.0.0/0', '22')],
  [probe('a', 'b', 'tcp', 22)],
);

describe('follow-up probes', () => {
  it('stateless: the udp twin and the flow with its reply admitted both pass, so CT-REPLY alone is blamed', () => {
    const { before, after } = precise(tcp22, blocked, () => from(A));
    expect(before.violated).toEqual([]);
    expect([...before.candidates].sort()).toEqual(['CT-REPLY', 'SG-MATCH']);
    expect(after).toMatchObject({ violated: ['CT-REPLY'], undetermined: false, candidates: [] });
    expect(after.involved).toContain('SG-MATCH');
  });

  it('add-rule-ignored / port-range-off-by-one: nothing passes, so SG-MATCH alone is blamed', () => {
    const { after } = precise(tcp22, blocked, () => blocked);
    expect(after).toMatchObject({ violated: ['SG-MATCH'], undetermined: false });
    expect(after.involved).toContain('CT-REPLY');
  });

  it('port-range-off-by-one: the udp twin on a single port drops too, the reply-admitted flow stays blocked', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'tcp', '0.0.0.0/0', '8000-8080')],
      [probe('a', 'b', 'tcp', 8080)],
    );
    const { after } = precise(input, blocked, () => blocked);
    expect(after.violated).toEqual(['SG-MATCH']);
  });

  it('first-group-only: only the second group admits the flow; follow-up rules land in the first', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [
          { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
          { name: 'b', network: 'pub', host: 'h1', groups: ['g1', 'g2'] },
        ],
        groups: [
          { name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] },
          { name: 'g1', rules: [] },
          { name: 'g2', rules: [rule('ingress', 'tcp', '0.0.0.0/0', '80')] },
        ],
      },
      [probe('a', 'b', 'tcp', 80)],
    );
    // The udp twin's rules are in g1, which this mutant reads: it passes; tcp 80 never does.
    const { after } = precise(input, blocked, (p) => (p.protocol === 'udp' ? from(A) : blocked));
    expect(after.violated).toEqual(['SG-MATCH']);
  });

  it('ingress-on-source: a nat instance with egress rules only; directions swapped block the udp twin but pass the reply-admitted flow', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [{ name: 'n', network: 'nat', host: 'h1', groups: ['out'] }],
        groups: [{ name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] }],
      },
      [probe('n', 'ext', 'tcp', 443)],
    );
    // Masqueraded to its host's address; before the follow-ups NET-NAT-OUT looked narrowest.
    const { before, after } = precise(input, blocked, (p) =>
      p.protocol === 'udp' ? blocked : from('192.0.2.11'),
    );
    expect(before.violated).toEqual(['NET-NAT-OUT']);
    expect(after).toMatchObject({ violated: ['SG-MATCH'], undetermined: false });
  });

  it('related-dropped: the same datagram to a listening port passes, so CT-RELATED alone is blamed', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'udp', '0.0.0.0/0', '80')],
      [{ op: 'probe', from: 'a', to: 'b', protocol: 'udp', port: 80, closedPort: true }],
    );
    const { after } = precise(input, blocked, () => from(A));
    expect(after).toMatchObject({ violated: ['CT-RELATED'], undetermined: false });
  });

  it('stale-remote-group: a stale member stays refused whatever rules admit its reply', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [
          { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
          { name: 'b', network: 'pub', host: 'h1', groups: ['in'] },
        ],
        groups: [
          { name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] },
          { name: 'in', rules: [rule('ingress', 'tcp', { group: 'g' }, '22')] },
          { name: 'g', rules: [] },
        ],
      },
      [{ op: 'attachGroup', instance: 'a', group: 'g' }, probe('a', 'b', 'tcp', 22)],
    );
    // Rules by address (the udp twin) still pass; the member-based tcp rule never does.
    const { after } = precise(input, blocked, (p) => (p.protocol === 'udp' ? from(A) : blocked));
    expect(after.violated).toEqual(['SG-REMOTE-GROUP']);
  });
  it('remove-rule-ignored: a removed rule still admits, and follow-up rules take effect: SG-MATCH, not SG-BOTH-ENDS', () => {
    const r = rule('ingress', 'tcp', '0.0.0.0/0', '22');
    const input = ab(
      'safespring',
      [r],
      [{ op: 'removeRule', group: 'in', rule: r }, probe('a', 'b', 'tcp', 22)],
    );
    const { after } = precise(input, from(A), () => from(A));
    expect(after.violated).toEqual(['SG-MATCH']);
  });
});
