/** Repro step rows from the runner's step records (same wording as the bundle's steps.txt). */
import { describeExpectation, describeObservation, describeStep } from '../repro/describe-step.ts';
import type { StepRecord } from '../runner/step-record.ts';
import type { ReproRow } from './report-data.ts';

function observed(record: StepRecord): string {
  if (record.verdict === 'driver-error') return `driver error (${record.note ?? ''})`;
  if (record.observation === null) return record.verdict === 'applied' ? 'applied' : '-';
  const first = describeObservation(record.observation);
  return record.confirmation === null
    ? first
    : `${first}; re-probe: ${describeObservation(record.confirmation.observation)}`;
}

/** One row per step record; indexes are 1-based like the bundle's table. */
export function reproRows(records: readonly StepRecord[]): ReproRow[] {
  return records.map((r) => ({
    index: r.index + 1,
    step: describeStep(r.step),
    expected: describeExpectation(r.expectation),
    observed: observed(r),
    verdict: r.unconfirmed ? 'inconclusive (unconfirmed)' : r.verdict,
    requirements: r.requirements,
  }));
}
