/** A repro as HTML: its step table (expected vs observed), violated IDs and replay command. */
import { escapeHtml as e } from './escape.ts';
import type { ReproView } from './report-data.ts';

/** The step table of a minimal repro; disagreeing rows are highlighted. */
export function reproTableHtml(repro: ReproView): string {
  if (repro.rows.length === 0)
    return `<pre class="repro">${e(repro.tableText ?? '(no step table recorded)')}</pre>`;
  const rows = repro.rows
    .map(
      (row) =>
        `<tr class="${row.verdict === 'disagree' ? 'disagree' : ''}"><td>${e(row.index)}</td>` +
        `<td class="mono">${e(row.step)}</td><td>${e(row.expected)}</td><td>${e(row.observed)}</td>` +
        `<td>${e(row.verdict)}</td><td class="mono">${e(row.requirements.join(', '))}</td></tr>`,
    )
    .join('\n');
  return (
    `<table class="repro"><thead><tr><th>#</th><th>step</th><th>expected (model)</th>` +
    `<th>observed (dataplane)</th><th>verdict</th><th>requirements</th></tr></thead>\n` +
    `<tbody>\n${rows}\n</tbody></table>`
  );
}

/** The whole repro block: violated IDs, file, table and the command that replays it. */
export function reproHtml(repro: ReproView): string {
  const file = repro.path === null ? '' : `<p>Scenario file: <code>${e(repro.path)}</code></p>`;
  return (
    `<div class="repro-block"><p>Minimal repro${repro.rows.length === 0 ? '' : ` (${e(repro.rows.length)} steps)`}, violates ` +
    `<code>${e(repro.violated.join(', '))}</code>.</p>${file}\n${reproTableHtml(repro)}\n` +
    `<p>Replay:</p><pre>${e(repro.replayCommand)}</pre></div>`
  );
}
