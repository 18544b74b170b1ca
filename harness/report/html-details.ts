/** Per-requirement details and the coverage section of the compliance report. */
import { escapeHtml as e } from './escape.ts';
import { cellText } from './html-matrix.ts';
import { reproHtml } from './html-repro.ts';
import { columnLabel, type ColumnResult, type RequirementInfo } from './report-data.ts';
import {
  allRequirements,
  requirementStatus,
  summarizeColumn,
  zeroCounts,
} from './requirement-status.ts';

function requirementDetail(requirement: RequirementInfo, columns: readonly ColumnResult[]): string {
  const statuses = columns.map((column) => ({
    column,
    status: requirementStatus(requirement, column),
  }));
  const violated = statuses.some((s) => s.status.kind === 'violated');
  const badges = statuses
    .map(
      ({ status }) =>
        `<span class="badge ${status.kind}">${e(status.kind.replace('-', ' '))}</span>`,
    )
    .join('');
  const counts = statuses
    .map(({ column, status }) => {
      const c = column.requirements[requirement.id] ?? zeroCounts;
      return (
        `<tr><td>${e(columnLabel(column))}</td><td class="cell ${status.kind}">${e(cellText(status))}</td>` +
        `<td>${e(c.steps)}</td><td>${e(c.agree)}</td><td>${e(c.disagree)}</td><td>${e(c.inconclusive)}</td></tr>`
      );
    })
    .join('\n');
  const repros = statuses
    .flatMap(({ column, status }) =>
      status.kind === 'violated'
        ? status.repros.map((r) => `<h4>${e(columnLabel(column))}</h4>\n${reproHtml(r)}`)
        : [],
    )
    .join('\n');
  return (
    `<details id="req-${e(requirement.id)}"${violated ? ' open' : ''}>` +
    `<summary>${badges}<h3><code>${e(requirement.id)}</code></h3> ${e(requirement.statement)}</summary>\n` +
    `<p><strong>Statement:</strong> ${e(requirement.statement)}</p>\n` +
    `<p><strong>Source:</strong> ${e(requirement.source || 'unknown')}</p>\n` +
    `<p><strong>Area:</strong> ${e(requirement.area)} · <strong>Profiles:</strong> ${e(requirement.profiles.join(', ') || 'none')}</p>\n` +
    `<table><thead><tr><th>column</th><th>status</th><th>steps</th><th>agree</th><th>disagree</th><th>inconclusive</th></tr></thead>\n` +
    `<tbody>\n${counts}\n</tbody></table>\n${repros}</details>`
  );
}

/** One collapsible block per requirement; violated ones open, with their repros. */
export function detailsHtml(
  catalogue: readonly RequirementInfo[],
  columns: readonly ColumnResult[],
): string {
  return allRequirements(catalogue, columns)
    .map((r) => requirementDetail(r, columns))
    .join('\n');
}

/** Requirement coverage: how much of each column's catalogue the run exercised. */
export function coverageHtml(
  catalogue: readonly RequirementInfo[],
  columns: readonly ColumnResult[],
): string {
  const rows = columns.map((column) => {
    const s = summarizeColumn(catalogue, column);
    const exercised = s.applicable - s.notExercised;
    const pct = s.applicable === 0 ? 0 : Math.round((100 * exercised) / s.applicable);
    const missing = allRequirements(catalogue, [column])
      .filter((r) => requirementStatus(r, column).kind === 'not-exercised')
      .map((r) => r.id);
    const c = column.coverage;
    const targets =
      c === undefined
        ? '<td>—</td><td>—</td>'
        : `<td>${e(c.targets - c.unmet.length)}/${e(c.targets)}</td>` +
          `<td class="mono">${e(c.unmet.join(', ') || 'none')}</td>`;
    return (
      `<tr><td>${e(columnLabel(column))}</td><td>${e(exercised)}/${e(s.applicable)} (${e(pct)}%)</td>` +
      `<td>${e(column.steps)}</td><td>${e(column.inconclusiveSteps)}</td>` +
      `<td class="mono">${e(missing.join(', ') || '—')}</td>${targets}</tr>`
    );
  });
  return (
    `<table><thead><tr><th>column</th><th>requirements exercised</th><th>steps</th>` +
    `<th>inconclusive steps</th><th>not exercised</th><th>coverage targets met</th>` +
    `<th>unmet targets</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>\n` +
    `<p class="small">Coverage targets: every requirement in each situation it distinguishes ` +
    `(situation:ID:same-host, other-host, other-site, internet), every configuration step effect ` +
    `(step:op:side) and traffic just inside and just outside every field a rule matches on ` +
    `(match:field:inside/outside). Per-run tags are in run-result.json.</p>`
  );
}
