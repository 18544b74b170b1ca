/**
 * The headline of the compliance report: one line per column that names the run's
 * verdict first. Only a column whose verdict is `agree` with every applicable
 * requirement verified and every shard present is green; a driver error is red and
 * shows its message; requirements not exercised are named.
 */
import { escapeHtml as e } from './escape.ts';
import { driverErrorPlace } from './format.ts';
import {
  columnLabel,
  type ColumnResult,
  type DriverErrorView,
  type RequirementInfo,
} from './report-data.ts';
import { allRequirements, requirementStatus, summarizeColumn } from './requirement-status.ts';

const verdictPhrase: Record<string, string> = {
  agree: 'all compared steps agree',
  disagree: 'confirmed disagreement',
  inconclusive: 'inconclusive (only failed probes, no verdict)',
  'driver-error': 'driver error, the run stopped',
};

/**
 * `safespring · reference · netns: all compared steps agree; 16/17 requirements
 * verified, 1 not exercised (NET-EXTERNAL)`.
 */
export function summaryLine(catalogue: readonly RequirementInfo[], column: ColumnResult): string {
  const s = summarizeColumn(catalogue, column);
  const parts = [`${s.verified}/${s.applicable} requirements verified`];
  if (s.violated > 0) parts.push(`${s.violated} violated`);
  if (s.inconclusive > 0) parts.push(`${s.inconclusive} inconclusive`);
  if (s.notExercised > 0 && s.notExercised === s.applicable)
    parts.push(`none of ${s.applicable} exercised`);
  else if (s.notExercised > 0) {
    const ids = allRequirements(catalogue, [column])
      .filter((r) => requirementStatus(r, column).kind === 'not-exercised')
      .map((r) => r.id);
    parts.push(`${s.notExercised} not exercised (${ids.join(', ')})`);
  }
  const missing =
    column.missingShards.length === 0
      ? ''
      : `; incomplete: shard ${column.missingShards.join(', ')} of ${column.shards[0]?.count ?? '?'} missing`;
  const verdict = verdictPhrase[column.verdict] ?? `verdict ${column.verdict}`;
  return `${columnLabel(column)}: ${verdict}; ${parts.join(', ')}${missing}`;
}

/** `ok` (green) only for a complete, fully verified `agree`; `bad` (red) for a failure. */
export function summaryTone(
  catalogue: readonly RequirementInfo[],
  column: ColumnResult,
): 'ok' | 'warn' | 'bad' {
  const s = summarizeColumn(catalogue, column);
  if (s.violated > 0 || (column.verdict !== 'agree' && column.verdict !== 'inconclusive'))
    return 'bad';
  const complete =
    column.verdict === 'agree' &&
    s.inconclusive === 0 &&
    s.notExercised === 0 &&
    column.driverErrors.length === 0 &&
    column.missingShards.length === 0;
  return complete ? 'ok' : 'warn';
}

function driverErrorHtml(column: ColumnResult, error: DriverErrorView): string {
  const stderr = error.stderr.trim();
  const extra =
    stderr === '' || error.message.includes(stderr)
      ? ''
      : `\n<p>Driver stderr:</p><pre>${e(stderr)}</pre>`;
  return (
    `<div class="driver-error"><p><strong>Driver error</strong> (${e(column.driver)}, ${e(driverErrorPlace(error))}): ` +
    `the run stopped there, so the requirements after it were not exercised.</p>\n<pre>${e(error.message)}</pre>${extra}</div>`
  );
}

/** One headline per column, followed by its driver errors. */
export function summaryHtml(
  catalogue: readonly RequirementInfo[],
  columns: readonly ColumnResult[],
): string {
  if (columns.length === 0) return '<p class="summary bad">No run results.</p>';
  return columns
    .map((column) =>
      [
        `<p class="summary ${summaryTone(catalogue, column)}">${e(summaryLine(catalogue, column))}</p>`,
        ...column.driverErrors.map((error) => driverErrorHtml(column, error)),
      ].join('\n'),
    )
    .join('\n');
}
