/**
 * NEUTRON-CT-DELETE steering: generated neutron scenarios remove a sibling rule of the
 * same protocol while a flow is open, then send on it, mostly in the reply direction, so
 * runs reach the case where neutron's deletion scope drops a flow the rules still admit
 * (every fourth run's focus, `ctDeleteFocus`; a mixed template for it made shrinking
 * stop at two steps for a third of the seeds of scenario-arbitrary.test.ts, so the
 * schedule carries it alone). Model only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CT_DELETE_FOCUSES,
  defaultGeneratorOptions,
  focusOf,
  scenarioArbitrary,
} from '../../../harness/arbitraries/index.ts';
import { evaluateScenario, parseScenario } from '../../../spec/index.ts';

/** Whether a reply of `input` is dropped because neutron's scope took its entry. */
function dropsReply(input: unknown): boolean {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error('generated scenarios are valid');
  return evaluateScenario(parsed.scenario).results.some(
    ({ step, expectation }) =>
      step.op === 'send' &&
      step.direction === 'reply' &&
      expectation.kind === 'traffic' &&
      !expectation.delivered &&
      expectation.requirements.includes('NEUTRON-CT-DELETE'),
  );
}

describe('generated neutron scenarios (NEUTRON-CT-DELETE)', () => {
  it('runs 0-39 (each with the focus of its run index, one seed per run) drop such a reply in at least 5', () => {
    let reached = 0;
    for (let run = 0; run < 40; run++) {
      const arb = scenarioArbitrary({ ...defaultGeneratorOptions('neutron'), run });
      if (fc.sample(arb, { seed: 4 + run, numRuns: 1 }).some(dropsReply)) reached += 1;
    }
    console.log(`NEUTRON-CT-DELETE reply drops in ${reached} of runs 0-39`);
    expect(reached).toBeGreaterThanOrEqual(5);
  });

  it('every fourth neutron run focuses on it, on one host and on two', () => {
    expect([3, 7, 11].map((run) => focusOf(run, 'neutron').name)).toEqual([
      'ct-delete@same-host',
      'ct-delete@other-host',
      'ct-delete@same-host',
    ]);
    expect(CT_DELETE_FOCUSES).toHaveLength(2);
    expect(focusOf(3, 'safespring').name).not.toMatch(/^ct-delete/);
  });
});
