/**
 * Shrinking with fast-check: `fc.check` with the run's seed regenerates the failing
 * scenario as its first value, then shrinks it, running every candidate on the
 * dataplane. A candidate fails only on a confirmed disagreement.
 */
import fc from 'fast-check';
import type { ScenarioInput } from '../../spec/index.ts';
import { LookaheadShrinkArbitrary } from './lookahead-shrink.ts';
import { StoppableShrinkArbitrary } from './stoppable-shrink.ts';

export interface ShrinkOptions {
  readonly arbitrary: fc.Arbitrary<ScenarioInput>;
  /** The derived seed of the failing run (`mixSeed(seed, k)`). */
  readonly seed: number;
  /** True when `input` shows a confirmed disagreement. */
  readonly isFailing: (input: ScenarioInput) => Promise<boolean>;
  /**
   * Asked before each further candidate: true stops shrinking (time budget spent,
   * Ctrl-C) and keeps the smallest failure so far.
   */
  readonly shouldStop: () => boolean;
  /**
   * Sees each shrink candidate up to `width` candidates before fast-check asks for it
   * (to start running it early, `--jobs`); absent: none.
   */
  readonly lookahead?: { readonly width: number; readonly ahead: (input: ScenarioInput) => void };
}

export interface ShrinkResult {
  /** The smallest failing scenario, or null when the first run did not fail again. */
  readonly scenario: ScenarioInput | null;
  /** fast-check's counterexample path (replays the shrink with `seed` + `path`). */
  readonly path: string | null;
  /** Candidates fast-check tried (the regenerated original and cached ones included). */
  readonly candidates: number;
  /** True when `shouldStop` cut shrinking short. */
  readonly interrupted: boolean;
  readonly durationMs: number;
}

/** Regenerates the scenario of `seed` and shrinks it while it keeps failing. */
export async function shrinkScenario(options: ShrinkOptions): Promise<ShrinkResult> {
  const started = performance.now();
  let candidates = 0;
  const inner =
    options.lookahead === undefined
      ? options.arbitrary
      : new LookaheadShrinkArbitrary(
          options.arbitrary,
          options.lookahead.width,
          options.lookahead.ahead,
        );
  const arbitrary = new StoppableShrinkArbitrary(inner, options.shouldStop);
  const property = fc.asyncProperty(arbitrary, async (input) => {
    candidates += 1;
    return !(await options.isFailing(input));
  });
  const details = await fc.check(property, { seed: options.seed, numRuns: 1 });
  const counterexample = details.failed ? (details.counterexample?.[0] ?? null) : null;
  return {
    scenario: counterexample,
    path: details.failed ? details.counterexamplePath : null,
    candidates,
    interrupted: arbitrary.stopped,
    durationMs: performance.now() - started,
  };
}
