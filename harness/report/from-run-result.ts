/** Adapts the runner's `run-result.json` (`RunResult`) to the report's column shape. Pure. */
import type { RunResult } from '../runner/run-result.ts';
import type { ColumnResult, EnvironmentView, ReproView } from './report-data.ts';

/**
 * The column of one run result. `repros` are the resolved repro bundles (the result
 * names only their files); `environment` is what is known of the run's host.
 */
export function columnFromRunResult(
  result: RunResult,
  repros: readonly ReproView[],
  environment: EnvironmentView = {},
): ColumnResult {
  const elapsed = new Map<string, number>();
  for (const step of result.runs.flatMap((r) => r.steps))
    for (const id of step.requirements) elapsed.set(id, (elapsed.get(id) ?? 0) + step.elapsedMs);
  const requirements = Object.fromEntries(
    result.requirements.map((t) => [
      t.id,
      {
        steps: t.steps,
        agree: t.agree,
        disagree: t.disagree,
        involved: t.involved,
        inconclusive: t.inconclusive,
        elapsedMs: elapsed.get(t.id) ?? 0,
      },
    ]),
  );
  return {
    profile: result.profile,
    driver: result.driver,
    backend: result.backend,
    seed: result.seed,
    runs: result.totals.runsPlanned,
    scenarios: result.totals.runsExecuted,
    steps: result.totals.steps,
    inconclusiveSteps: result.totals.inconclusive,
    verdict: result.verdict,
    durationMs: result.durationMs,
    shards: [result.shard],
    missingShards: [],
    requirements,
    repros,
    driverErrors: result.driverError === null ? [] : [result.driverError],
    startedAt: result.startedAt,
    environment,
    coverage: { targets: result.coverage.targets, unmet: result.coverage.unmetTargets },
  };
}
