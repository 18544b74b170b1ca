/**
 * neutron's frame promises in generated runs: every fourth neutron run from run 1
 * focuses on segments of no connection (NEUTRON-INVALID) or on a rogue DHCP offer
 * followed by DHCP from the segment's server (L2-NO-ROGUE-DHCP, NEUTRON-DHCP-CLIENT),
 * on one host and on two; from run 17 on broadcast and a foreign MAC
 * (NEUTRON-BROADCAST, NEUTRON-IP-MAC-PAIR). Model only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultGeneratorOptions,
  focusOf,
  scenarioArbitrary,
} from '../../../harness/arbitraries/index.ts';
import { evaluateScenario, parseScenario, type Expectation } from '../../../spec/index.ts';

/** Traffic verdicts of run `run`'s scenario (seed `seed`) on steps of `op`, in order. */
function verdictsOf(run: number, seed: number, op: string): (boolean | string)[] {
  const arb = scenarioArbitrary({ ...defaultGeneratorOptions('neutron'), run });
  const [input] = fc.sample(arb, { seed, numRuns: 1 });
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error('generated scenarios are valid');
  const show = (e: Expectation) => (e.kind === 'traffic' ? e.delivered : e.kind);
  return evaluateScenario(parsed.scenario)
    .results.filter(({ step }) => step.op === op)
    .map(({ expectation }) => show(expectation));
}

describe('generated neutron scenarios (frame promises)', () => {
  it('runs 1, 5, 9, 13 focus on them in turn, then again; runs 3 and 7 stay on NEUTRON-CT-DELETE', () => {
    expect([1, 5, 9, 13, 3, 7].map((run) => focusOf(run, 'neutron').name)).toEqual([
      'invalid@same-host',
      'l2-rogueDhcp@same-host',
      'invalid@other-host',
      'l2-rogueDhcp@other-host',
      'ct-delete@same-host',
      'ct-delete@other-host',
    ]);
    expect([17, 21, 25].map((run) => focusOf(run, 'neutron').name)).toEqual([
      'broadcast@same-host',
      'broadcast@other-host',
      'invalid@same-host',
    ]);
    expect(focusOf(1, 'safespring').name).not.toMatch(/^invalid/);
  });

  it('the invalid focus sends segments the rules drop and segments they admit, then asks for DHCP', () => {
    for (const [run, seed] of [
      [1, 1],
      [1, 2],
      [9, 3],
    ] as const) {
      const got = verdictsOf(run, seed, 'stray');
      expect(got, `run ${run} seed ${seed}`).toHaveLength(4);
      // A FIN before any rule and one back from B: dropped; two to the admitted port: delivered.
      expect(got).toEqual([false, true, true, false]);
      expect(verdictsOf(run, seed, 'podQuery')).toEqual([true]);
    }
  });

  it('the rogue DHCP focus drops the offer, then the server answers (NEUTRON-DHCP-CLIENT)', () => {
    expect(verdictsOf(5, 1, 'rogueDhcp')).toEqual([false]);
    // DHCP answered; DNS goes through the port's rules on neutron: a no-op.
    expect(verdictsOf(5, 1, 'podQuery')).toEqual([true, 'noop']);
  });

  it('the broadcast focus: dropped at a port that admits nothing, delivered once it admits, then a foreign MAC dropped', () => {
    for (const [run, seed] of [
      [17, 1],
      [17, 2],
      [21, 3],
    ] as const) {
      const got = verdictsOf(run, seed, 'broadcast');
      expect(got.slice(0, 2), `run ${run} seed ${seed}`).toEqual([false, true]);
      expect(verdictsOf(run, seed, 'macSpoof')[0]).toBe(false);
    }
  });
});
