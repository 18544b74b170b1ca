/** A repro as HTML: its step table (expected vs observed), violated IDs and replay command. */
import { stepRowCells, stepTableHeaders } from '../repro/steps-table.ts';
import { escapeHtml as e } from './escape.ts';
import type { ReproView } from './report-data.ts';

/** The step table of a minimal repro; disagreeing rows are highlighted. */
export function reproTableHtml(repro: ReproView): string {
  if (repro.rows.length === 0)
    return `<pre class="repro">${e(repro.tableText ?? '(no step table recorded)')}</pre>`;
  const mono = new Set([1, 5]);
  const rows = repro.rows
    .map((row) => {
      const cells = stepRowCells(row)
        .map((cell, c) => `<td${mono.has(c) ? ' class="mono"' : ''}>${e(cell)}</td>`)
        .join('');
      return `<tr${row.verdict === 'disagree' ? ' class="disagree"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  const head = stepTableHeaders.map((h) => `<th>${e(h)}</th>`).join('');
  return `<table class="repro"><thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
}

/** What token watchers caught on the wire, per step (the auditor's evidence), or nothing. */
function evidenceHtml(repro: ReproView): string {
  const items = repro.rows.flatMap((r) =>
    r.evidence === undefined ? [] : [`<li>step ${e(r.index)}: <code>${e(r.evidence)}</code></li>`],
  );
  return items.length === 0
    ? ''
    : `<p>Captured on the wire:</p><ul class="evidence">${items.join('')}</ul>\n`;
}

/** `violates X (involved: Y)`, or why nothing is blamed. */
function blameHtml(repro: ReproView): string {
  const violated = repro.undetermined
    ? 'blame undetermined: no single requirement explains the observation'
    : `violates <code>${e(repro.violated.join(', '))}</code>`;
  const involved =
    repro.involved.length === 0 ? '' : ` (involved: <code>${e(repro.involved.join(', '))}</code>)`;
  return violated + involved;
}

/** The whole repro block: violated IDs, file, table and the command that replays it. */
export function reproHtml(repro: ReproView): string {
  const file = repro.path === null ? '' : `<p>Scenario file: <code>${e(repro.path)}</code></p>`;
  return (
    `<div class="repro-block"><p>Minimal repro${repro.rows.length === 0 ? '' : ` (${e(repro.rows.length)} steps)`}, ${blameHtml(repro)}.</p>${file}\n${reproTableHtml(repro)}\n${evidenceHtml(repro)}` +
    `<p>Replay:</p><pre>${e(repro.replayCommand)}</pre></div>`
  );
}
