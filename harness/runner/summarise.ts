/** The verdict, totals, per-requirement counts and coverage of a run, from its run records. */
import type { ProfileName } from '../../spec/index.ts';
import type { RunRecord, RunResult } from './run-result.ts';
import { summariseCoverage } from './summarise-coverage.ts';
import { countSteps, tallyRequirements } from './tally.ts';
import { combineVerdicts } from './verdict.ts';

export interface SummaryInputs {
  readonly profile: ProfileName;
  readonly maxSites: number;
  readonly runsPlanned: number;
  readonly dataplanesBuilt: number;
  /** Wall time spent running generated scenarios (shrinking excluded). */
  readonly runPhaseMs: number;
}

/** `verdict`, `totals`, `requirements` and `coverage` of a `RunResult`. */
export function summarise(
  records: readonly RunRecord[],
  inputs: SummaryInputs,
): Pick<RunResult, 'verdict' | 'totals' | 'requirements' | 'coverage'> {
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
    coverage: summariseCoverage(inputs.profile, inputs.maxSites, records),
  };
}
