/**
 * Blame on the danube example (examples/danube-overlays.json): each overlay mutant's
 * first disagreement, with every earlier step observed as the model expects, blames
 * exactly the OV- requirement the mutant breaks (`overlay-relaxations.ts`), and an
 * observation no single defect explains blames nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blameStep,
  parseScenario,
  type Evidence,
  type RequirementId,
} from '../../../spec/index.ts';

const parsed = parseScenario(
  JSON.parse(
    readFileSync(new URL('../../../examples/danube-overlays.json', import.meta.url), 'utf8'),
  ),
);
if (!parsed.ok) throw new Error('examples/danube-overlays.json must be valid');
const scenario = parsed.scenario;

/** Earlier steps observed as written in the example's `expect`. */
function asExpected(before: number): Map<number, { delivered: boolean; seenFrom: string | null }> {
  const evidence = new Map<number, { delivered: boolean; seenFrom: string | null }>();
  scenario.steps.slice(0, before).forEach((step, i) => {
    if ('expect' in step && step.expect !== undefined)
      evidence.set(i, {
        delivered: step.expect.delivered,
        seenFrom: 'seenFrom' in step.expect ? (step.expect.seenFrom ?? null) : null,
      });
  });
  return evidence satisfies Evidence;
}

/** Step number (1-based, as the tables show it), what the mutant shows there, what is blamed. */
const CASES: [string, number, boolean, RequirementId][] = [
  ['ipsec-missing-for-one-pair', 2, false, 'OV-SWITCH'],
  ['vni-crosstalk', 4, true, 'OV-ISOLATION'],
  ['mtu-1500', 7, true, 'OV-MTU'],
  ['same-pdc-over-internet', 12, false, 'OV-PDC-PATH'],
  ['plaintext-in-allowed', 14, true, 'OV-NO-PLAINTEXT-IN'],
  ['plaintext-out-allowed', 15, true, 'OV-NO-PLAINTEXT-OUT'],
];

describe('overlay blame (examples/danube-overlays.json)', () => {
  for (const [mutant, step, delivered, id] of CASES)
    it(`${mutant}: step ${step} ${delivered ? 'delivered' : 'blocked'} blames ${id} only`, () => {
      const blame = blameStep(
        scenario,
        step - 1,
        { delivered, seenFrom: null },
        asExpected(step - 1),
      );
      expect(blame.violated).toEqual([id]);
    });

  it('an eavesdropper seeing a cross-PDC token in clear blames OV-ENCRYPTED', () => {
    expect(
      blameStep(scenario, 9, { delivered: true, seenFrom: null }, asExpected(9)).violated,
    ).toEqual(['OV-ENCRYPTED']);
  });

  it('an MTU defect must explain every MTU probe: 1400 blocked after 1401 delivered blames nothing', () => {
    const evidence = asExpected(5);
    evidence.set(6, { delivered: true, seenFrom: null });
    // Step 6 (1400 bytes) blocked: a smaller MTU would, but step 7 saw a larger one.
    expect(
      blameStep(scenario, 5, { delivered: false, seenFrom: null }, evidence).violated,
    ).not.toContain('OV-MTU');
  });
});
