/** The verdict, totals and per-requirement counts of a run, from its run records. */
import type { RunRecord, RunResult } from './run-result.ts';
import { countSteps, tallyRequirements } from './tally.ts';
import { combineVerdicts } from './verdict.ts';

export interface SummaryInputs {
  readonly runsPlanned: number;
  readonly dataplanesBuilt: number;
  /** Wall time spent running generated scenarios (shrinking excluded). */
  readonly runPhaseMs: number;
}

/** `verdict`, `totals` and `requirements` of a `RunResult`. */
export function summarise(
  records: readonly RunRecord[],
  inputs: SummaryInputs,
): Pick<RunResult, 'verdict' | 'totals' | 'requirements'> {
  const steps = records.flatMap((r) => r.steps);
  const counts = countSteps(steps);
  // Setup failures have no steps but are inconclusive infrastructure failures too.
  const setupFailures = records.filter((r) => r.dataplane === 'failed').length;
  return {
    verdict: combineVerdicts(records.map((r) => r.verdict)),
    totals: {
      runsPlanned: inputs.runsPlanned,
      runsExecuted: records.length,
      dataplanesBuilt: inputs.dataplanesBuilt,
      ...counts,
      inconclusive: counts.inconclusive + setupFailures,
      scenariosPerSecond: inputs.runPhaseMs > 0 ? records.length / (inputs.runPhaseMs / 1000) : 0,
    },
    requirements: tallyRequirements(steps),
  };
}
