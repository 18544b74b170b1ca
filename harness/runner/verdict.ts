/** Folding step verdicts into a scenario verdict, and scenario verdicts into a run's. */
import type { DriverErrorRecord, ScenarioVerdict, StepRecord } from './step-record.ts';

/**
 * A confirmed disagreement wins (it is a verdict even if the driver failed later),
 * then a driver error, then inconclusive steps; otherwise every step agreed.
 */
export function scenarioVerdict(
  steps: readonly StepRecord[],
  driverError: DriverErrorRecord | null,
): ScenarioVerdict {
  if (steps.some((s) => s.verdict === 'disagree')) return 'disagree';
  if (driverError !== null) return 'driver-error';
  if (steps.some((s) => s.verdict === 'inconclusive')) return 'inconclusive';
  return 'agree';
}

/** Same precedence across scenarios. */
export function combineVerdicts(verdicts: readonly ScenarioVerdict[]): ScenarioVerdict {
  for (const v of ['disagree', 'driver-error', 'inconclusive'] as const) {
    if (verdicts.includes(v)) return v;
  }
  return 'agree';
}
