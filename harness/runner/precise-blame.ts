/**
 * Precise blame for a repro: when the disagreeing step's observation (with the other
 * observations of its execution) leaves several candidate requirements, the repro is
 * run once more with follow-up probes appended (`followUp` in spec/) whose outcomes
 * the candidates predict differently, and the blame is computed with those too.
 */
import { blameCandidates, blameStep, followUp, type ResolvedScenario } from '../../spec/index.ts';
import { observedSoFar, recordBlame } from './execute-scenario.ts';
import type { BlameRecord, StepRecord } from './step-record.ts';

/** Runs a scenario to its end (not stopping at disagreements); null when it could not run. */
export type RunToEnd = (scenario: ResolvedScenario) => Promise<readonly StepRecord[] | null>;

/**
 * The blame of step `failingStep` of `scenario` given the execution's `steps`, after
 * follow-up probes when the observations leave more than one candidate; null when the
 * step has no observation to blame.
 */
export async function preciseBlame(
  scenario: ResolvedScenario,
  steps: readonly StepRecord[],
  failingStep: number,
  runToEnd: RunToEnd,
): Promise<BlameRecord | null> {
  const failing = steps.find((s) => s.index === failingStep)?.observation;
  if (failing?.kind !== 'observed') return null;
  const evidence = observedSoFar(steps.filter((s) => s.index <= failingStep));
  const found = blameCandidates(scenario, failingStep, failing, evidence);
  const plain = recordBlame(blameStep(scenario, failingStep, failing, evidence));
  if (found === null || found.candidates.length <= 1) return plain;
  const extended = followUp(scenario, failingStep);
  if (extended === null) return plain;
  const followed = await runToEnd(extended.scenario);
  if (followed === null) return plain;
  const seen = observedSoFar(followed);
  for (const at of extended.probes) {
    const outcome = seen.get(at);
    if (outcome !== undefined) evidence.set(at, outcome);
  }
  return recordBlame(blameStep(extended.scenario, failingStep, failing, evidence));
}
