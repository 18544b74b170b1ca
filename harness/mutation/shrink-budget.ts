/**
 * A shrinking time budget for the mutation run. The runner shrinks every disagreement
 * to the end, which can take minutes per mutant; scoring 14 mutants needs a bound.
 * Wrapping the arbitrary ends shrinking cleanly: after the budget its shrink streams
 * are empty, so fast-check stops between candidates (no candidate is abandoned
 * mid-run on the dataplane) and keeps the smallest failure found so far.
 */
import fc from 'fast-check';
import type { ProfileName, ScenarioInput } from '../../spec/index.ts';
import { defaultGeneratorOptions, scenarioArbitrary } from '../arbitraries/index.ts';

/** Same values as `inner`; shrinks only during `budgetMs` after the first shrink. */
class ShrinkBudgetArbitrary<T> extends fc.Arbitrary<T> {
  #deadline: number | null = null;

  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly budgetMs: number,
    private readonly now: () => number,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.inner.generate(mrng, biasFactor);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    this.#deadline ??= this.now() + this.budgetMs;
    const deadline = this.#deadline;
    return this.inner.shrink(value, context).takeWhile(() => this.now() < deadline);
  }
}

/**
 * `inner` with shrinking cut off `budgetMs` after it starts. Generation is untouched,
 * so seeds and fast-check paths mean the same as with `inner`. Use one per run.
 */
export function withShrinkBudget<T>(
  inner: fc.Arbitrary<T>,
  budgetMs: number,
  now: () => number = () => performance.now(),
): fc.Arbitrary<T> {
  return new ShrinkBudgetArbitrary(inner, budgetMs, now);
}

export interface MutantArbitraryOptions {
  readonly profile: ProfileName;
  readonly maxSteps: number;
  readonly maxInstances: number;
  /** Null shrinks to the end, like the runner's default arbitrary. */
  readonly shrinkBudgetMs: number | null;
  /** The run index (its coverage focus, like the runner's default); none without. */
  readonly run?: number;
}

/** The runner's default scenario generator, with the shrink budget applied. */
export function mutantArbitrary(options: MutantArbitraryOptions): fc.Arbitrary<ScenarioInput> {
  const arbitrary = scenarioArbitrary({
    profile: options.profile,
    maxSteps: options.maxSteps,
    maxInstances: options.maxInstances,
    maxSites: defaultGeneratorOptions(options.profile).maxSites ?? 1,
    ...(options.run === undefined ? {} : { run: options.run }),
  });
  return options.shrinkBudgetMs === null
    ? arbitrary
    : withShrinkBudget(arbitrary, options.shrinkBudgetMs);
}
