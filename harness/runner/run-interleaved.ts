/**
 * `--jobs N` scheduling: positions 0..count-1 run on N jobs at once, job j taking
 * positions j, j+N, j+2N, ... in order. The outcome is what one job running them in
 * order would give: the positions up to the first one that stops the run (a confirmed
 * disagreement, a driver error), or the contiguous prefix run before `mayStart` said
 * no. Work past that point (other jobs ran ahead) is waited for and dropped.
 */

export interface InterleavedOptions<T> {
  readonly count: number;
  /** Jobs in flight at once, >= 1. */
  readonly jobs: number;
  /** Runs `position` on job `job` (= position % jobs). */
  readonly run: (position: number, job: number) => Promise<T>;
  /** True when `outcome` ends the run (nothing after it counts). */
  readonly stops: (outcome: T) => boolean;
  /** Asked before each position starts; false starts no more (a time limit). */
  readonly mayStart: () => boolean;
  /** Called as each position finishes, in completion order (progress). */
  readonly onFinished?: (position: number, outcome: T) => void;
}

export interface InterleavedResult<T> {
  /** Outcomes of positions 0..m, in order: up to the first stop, or the contiguous prefix run. */
  readonly outcomes: readonly T[];
  /** True when the last outcome stops the run. */
  readonly stopped: boolean;
  /** True when `mayStart` refused a position the run would otherwise have reached. */
  readonly cut: boolean;
}

/** Runs the positions on `jobs` interleaved jobs; see the module comment. */
export async function runInterleaved<T>(
  options: InterleavedOptions<T>,
): Promise<InterleavedResult<T>> {
  const { count, jobs } = options;
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new Error(`jobs must be a positive integer, got ${jobs}`);
  }
  const done = new Map<number, T>();
  /** The earliest position known to stop the run; later positions are not started. */
  let stopAt = Infinity;
  /** The earliest position `mayStart` refused. */
  let refusedAt = Infinity;

  /** A throwing `run` stops every job; the error is rethrown once all have stopped. */
  let failure: { readonly error: unknown } | null = null;

  const job = async (j: number): Promise<void> => {
    for (let position = j; position < count; position += jobs) {
      if (failure !== null || position > stopAt || position > refusedAt) return;
      if (!options.mayStart()) {
        refusedAt = Math.min(refusedAt, position);
        return;
      }
      let outcome: T;
      try {
        outcome = await options.run(position, j);
      } catch (error) {
        failure ??= { error };
        return;
      }
      done.set(position, outcome);
      if (options.stops(outcome)) stopAt = Math.min(stopAt, position);
      options.onFinished?.(position, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, (_, j) => job(j)));
  if (failure !== null) throw (failure as { readonly error: unknown }).error;

  const outcomes: T[] = [];
  for (let position = 0; position < count; position++) {
    if (!done.has(position)) break;
    outcomes.push(done.get(position) as T);
    if (position === stopAt) break;
  }
  const stopped = outcomes.length > 0 && outcomes.length - 1 === stopAt;
  return { outcomes, stopped, cut: !stopped && refusedAt < count };
}
