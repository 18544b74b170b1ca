/** A repro as one plain-text block (JUnit failures, Allure attachments). */
import { describeBlame } from '../repro/describe-step.ts';
import { formatStepRows } from '../repro/steps-table.ts';
import type { ReproView } from './report-data.ts';

/** The step table of `repro` (the same rows and columns as `steps.txt`). */
export function reproTextTable(repro: ReproView): string {
  if (repro.rows.length === 0) return (repro.tableText ?? '(no step table recorded)').trimEnd();
  return formatStepRows(repro.rows).trimEnd();
}
/** The table plus the blame, file and replay command: a repro in one text block. */
export function reproText(repro: ReproView): string {
  return [
    describeBlame(repro),
    ...(repro.path === null ? [] : [`scenario: ${repro.path}`]),
    '',
    reproTextTable(repro),
    '',
    `replay: ${repro.replayCommand}`,
  ].join('\n');
}
