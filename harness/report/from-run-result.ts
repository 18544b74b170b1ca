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
  const requirements = Object.fromEntries(
    result.requirements.map((t) => [
      t.id,
      { steps: t.steps, agree: t.agree, disagree: t.disagree, inconclusive: t.inconclusive },
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
    startedAt: result.startedAt,
    environment,
  };
}
