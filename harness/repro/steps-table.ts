/**
 * The one step-table row builder. Every step table (the terminal output of `check` and
 * `replay`, a bundle's `steps.txt`, the HTML report, JUnit and Allure) is built from
 * `stepRows`, so they all show the same columns with the same wording.
 */
import type { StepRecord } from '../runner/step-record.ts';
import {
  describeCapture,
  describeExpectation,
  describeObservation,
  describeStep,
} from './describe-step.ts';

/** One row of a step table, already worded for people. */
export interface StepRow {
  /** 1-based position in the scenario. */
  readonly index: number;
  /** The step in one line, such as `probe a -> b tcp/22`. */
  readonly step: string;
  readonly expected: string;
  readonly observed: string;
  /** The step's verdict; `disagree` rows are the ones renderers highlight. */
  readonly verdict: string;
  readonly requirements: readonly string[];
  /** What a token watcher caught on the wire (overlay steps), when it caught something. */
  readonly evidence?: string;
}

/** Column headings, in the order of `StepRow`'s fields. */
export const stepTableHeaders = [
  '#',
  'step',
  'expected (model)',
  'observed (dataplane)',
  'verdict',
  'requirements',
] as const;

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

/** The capture of the step's observation (the re-probe's when the first has none). */
function evidence(record: StepRecord): { evidence?: string } {
  const captured = [record.observation, record.confirmation?.observation]
    .map((o) => (o?.kind === 'observed' ? o.capture : undefined))
    .find((c) => c !== undefined);
  return captured === undefined ? {} : { evidence: describeCapture(captured) };
}

/** One row per step record. */
export function stepRows(records: readonly StepRecord[]): StepRow[] {
  return records.map((r) => ({
    index: r.index + 1,
    step: describeStep(r.step),
    expected: describeExpectation(r.expectation),
    observed: observedCell(r),
    verdict: r.unconfirmed ? 'inconclusive (unconfirmed)' : r.verdict,
    requirements: r.requirements,
    ...evidence(r),
  }));
}

/** `Captured on the wire:` lines (one per row with evidence), or nothing. */
export function formatEvidence(rows: readonly StepRow[]): string {
  const lines = rows.flatMap((r) =>
    r.evidence === undefined ? [] : [`  step ${r.index}: ${r.evidence}`],
  );
  return lines.length === 0 ? '' : `\nCaptured on the wire:\n${lines.join('\n')}\n`;
}

/** A row as text cells, in the order of `stepTableHeaders`. */
export function stepRowCells(row: StepRow): string[] {
  return [
    String(row.index),
    row.step,
    row.expected,
    row.observed,
    row.verdict,
    row.requirements.join(', ') || '-',
  ];
}

/** An aligned plain-text table of `rows` (long cells clipped), one line per step. */
export function formatStepRows(rows: readonly StepRow[]): string {
  const table = [[...stepTableHeaders], ...rows.map((row) => stepRowCells(row).map(clip))];
  const widths = stepTableHeaders.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(table[0]!), rule, ...table.slice(1).map(line)].join('\n') + '\n';
}

/** The plain-text table of `records` (what `check` prints and `steps.txt` holds). */
export function formatStepTable(records: readonly StepRecord[]): string {
  const rows = stepRows(records);
  return formatStepRows(rows) + formatEvidence(rows);
}
