/** The run metadata section: seeds, runs, shards, durations and versions. */
import { escapeHtml as e } from './escape.ts';
import { formatDuration, shardNote } from './format.ts';
import { columnLabel, type ColumnResult, type EnvironmentView } from './report-data.ts';

function environmentRows(env: EnvironmentView): string {
  const rows: [string, string | undefined][] = [
    ['netconform', env.netconform],
    ['node', env.node],
    ['kernel (uname -r)', env.kernel],
    ['nft', env.nft],
    ['conntrack', env.conntrack],
  ];
  return rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v ?? 'unknown')}</dd>`).join('');
}

/** Per column run facts, then the versions of the run (or of the report's host). */
export function metadataHtml(
  columns: readonly ColumnResult[],
  generatedAt: string,
  reportEnv: EnvironmentView,
): string {
  const rows = columns.map(
    (c) =>
      `<tr><td>${e(columnLabel(c))}</td><td>${e(c.seed)}</td><td>${e(c.runs)}</td><td>${e(c.scenarios)}</td>` +
      `<td>${e(c.steps)}</td><td>${e(shardNote(c))}</td><td>${e(formatDuration(c.durationMs))}</td>` +
      `<td>${e(c.verdict)}</td><td>${e(c.startedAt ?? '—')}</td></tr>`,
  );
  const envs = columns
    .filter((c) => Object.keys(c.environment).length > 0)
    .map(
      (c) =>
        `<h4>${e(columnLabel(c))} (run host)</h4><dl class="meta">${environmentRows(c.environment)}</dl>`,
    );
  const table =
    columns.length === 0
      ? ''
      : `<table><thead><tr><th>column</th><th>seed</th><th>runs</th><th>scenarios</th><th>steps</th><th>shards</th>` +
        `<th>duration</th><th>verdict</th><th>started</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>\n`;
  return `${table}${envs.join('\n')}\n<h4>Report host</h4><dl class="meta"><dt>generated</dt><dd>${e(generatedAt)}</dd>${environmentRows(reportEnv)}</dl>`;
}
