/**
 * Build phases shared by the backends: a batch of independent commands run with
 * bounded concurrency, whose failures are collected and thrown together.
 */
import type { CommandResult } from '../../../harness/process/index.ts';
import { mapLimit } from './map-limit.ts';

/** Processes run at once while building (a 2-core machine stays responsive). */
export const BUILD_CONCURRENCY = 6;

/** `what: detail` when `result` is not a clean exit, else null. */
export function commandFailure(what: string, result: CommandResult): string | null {
  if (result.kind === 'exited' && result.code === 0) return null;
  const detail =
    result.kind === 'spawn-failed'
      ? result.message
      : result.kind === 'timeout'
        ? 'timed out'
        : `exit ${result.code}: ${result.stderr.trim()}`;
  return `${what}: ${detail}`;
}

/**
 * Runs `tasks` (each resolving to a problem line or null), `BUILD_CONCURRENCY` at once;
 * throws `building the <backend> dataplane failed:` with every problem.
 */
export async function runPhase(
  backend: string,
  tasks: readonly (() => Promise<string | null>)[],
): Promise<void> {
  const problems = (await mapLimit(tasks, BUILD_CONCURRENCY, (task) => task())).filter(
    (p): p is string => p !== null,
  );
  if (problems.length > 0) {
    throw new Error(`building the ${backend} dataplane failed:\n${problems.join('\n')}`);
  }
}
