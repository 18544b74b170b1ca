/** The mutation score: how many mutants were caught, and how fast. */
import type { MutantOutcome, MutationScore } from './mutation-result.ts';

/** The median of `values` (mean of the middle two for even counts); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Score over `outcomes`; driver errors count as not caught. */
export function mutationScore(outcomes: readonly MutantOutcome[]): MutationScore {
  const caught = outcomes.filter((o) => o.caught);
  const catchTimes = caught.map((o) => o.timeToCatchMs ?? 0);
  const shrinkTimes = caught.map((o) => o.timeToShrinkMs ?? 0);
  return {
    caught: caught.length,
    total: outcomes.length,
    percent: outcomes.length === 0 ? 0 : (caught.length / outcomes.length) * 100,
    medianTimeToCatchMs: median(catchTimes),
    worstTimeToCatchMs: catchTimes.length === 0 ? null : Math.max(...catchTimes),
    medianTimeToShrinkMs: median(shrinkTimes),
  };
}
