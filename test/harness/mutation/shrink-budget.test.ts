import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutantArbitrary, withShrinkBudget } from '../../../harness/mutation/index.ts';
import { scenarioArbitrary } from '../../../harness/arbitraries/index.ts';

const inner = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 20 });
// Fails for every value, so fast-check shrinks as far as it is allowed to.
const counterexample = (arbitrary: fc.Arbitrary<number[]>): number[] | undefined =>
  fc.check(
    fc.property(arbitrary, () => false),
    { seed: 42, numRuns: 1 },
  ).counterexample?.[0] as number[] | undefined;

describe('withShrinkBudget', () => {
  it('generates exactly the values of the wrapped arbitrary', () => {
    const wrapped = withShrinkBudget(inner, 1000);
    expect(fc.sample(wrapped, { seed: 7, numRuns: 20 })).toEqual(
      fc.sample(inner, { seed: 7, numRuns: 20 }),
    );
  });

  it('shrinks like the wrapped arbitrary while the budget lasts', () => {
    const frozen = () => 0;
    expect(counterexample(withShrinkBudget(inner, 1, frozen))).toEqual(counterexample(inner));
    expect(counterexample(inner)).toEqual([0, 0, 0, 0, 0]);
  });

  it('does not shrink at all with a spent budget', () => {
    const original = fc.sample(inner, { seed: 42, numRuns: 1 })[0];
    expect(original).not.toEqual([0, 0, 0, 0, 0]);
    expect(counterexample(withShrinkBudget(inner, 0, () => 0))).toEqual(original);
  });

  it('stops part way once the budget is spent and keeps the smallest failure so far', () => {
    let clock = 0;
    // Each clock read is 1 ms later: a 3 ms budget admits exactly two shrink steps.
    const cut: number[] = counterexample(withShrinkBudget(inner, 3, () => clock++)) ?? [];
    const original: number[] = fc.sample(inner, { seed: 42, numRuns: 1 })[0] ?? [];
    expect(cut).not.toEqual(original);
    expect(cut).not.toEqual([0, 0, 0, 0, 0]);
    expect(cut.length).toBeLessThanOrEqual(original.length);
  });
});

describe('mutantArbitrary', () => {
  it('draws the same scenarios as the runner default generator', () => {
    const options = { profile: 'safespring', maxSteps: 8, maxInstances: 4 } as const;
    const runnerDefault = scenarioArbitrary({ ...options, maxSites: 1 });
    const withBudget = mutantArbitrary({ ...options, shrinkBudgetMs: 30_000 });
    expect(fc.sample(withBudget, { seed: 3, numRuns: 5 })).toEqual(
      fc.sample(runnerDefault, { seed: 3, numRuns: 5 }),
    );
  });
});
