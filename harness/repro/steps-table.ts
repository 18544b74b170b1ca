/**
 * The readable step table: `check` prints it and repro bundles keep it as
 * `steps.txt` (expected vs observed, requirement IDs, verdict).
 */
import type { StepRecord } from '../runner/step-record.ts';
import { describeExpectation, describeObservation, describeStep } from './describe-step.ts';

const MAX_CELL = 80;

function clip(text: string): string {
  return text.length <= MAX_CELL ? text : `${text.slice(0, MAX_CELL - 3)}...`;
}

function observedCell(record: StepRecord): string {
  if (record.verdict === 'applied') return 'applied';
  if (record.verdict === 'driver-error') return `driver error (${record.note ?? ''})`;
  const first = describeObservation(record.observation);
  if (record.confirmation === null) return first;
  const again = describeObservation(record.confirmation.observation);
  return again === first ? `${first} (re-probe: same)` : `${first}; re-probe: ${again}`;
}

/** The table's rows as cells (header first). */
export function stepTableRows(records: readonly StepRecord[]): string[][] {
  const header = ['#', 'step', 'expected', 'observed', 'requirements', 'verdict'];
  const rows = records.map((r) => [
    String(r.index + 1),
    describeStep(r.step),
    describeExpectation(r.expectation),
    observedCell(r),
    r.requirements.join(',') || '-',
    r.unconfirmed ? 'inconclusive (unconfirmed)' : r.verdict,
  ]);
  return [header, ...rows.map((row) => row.map(clip))];
}

/** An aligned plain-text table, one line per step. */
export function formatStepTable(records: readonly StepRecord[]): string {
  const rows = stepTableRows(records);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n') + '\n';
}
