/** The requirement × column matrix of the compliance report. */
import { escapeHtml as e } from './escape.ts';
import { plural } from './format.ts';
import { columnLabel, type ColumnResult, type RequirementInfo } from './report-data.ts';
import {
  allRequirements,
  requirementStatus,
  type RequirementStatus,
} from './requirement-status.ts';

/** The text of a matrix cell. */
export function cellText(status: RequirementStatus): string {
  switch (status.kind) {
    case 'verified':
      return `verified (${plural(status.counts.steps, 'step')}, 0 disagreements)`;
    case 'violated':
      return `violated (${plural(status.counts.disagree, 'disagreement')}, ${plural(status.counts.steps, 'step')})`;
    case 'inconclusive':
      return `inconclusive (${plural(status.counts.inconclusive, 'step')})`;
    case 'not-exercised':
      return 'not exercised';
    case 'not-applicable':
      return 'n/a';
  }
}

/** The matrix: one row per requirement, one column per profile/driver/backend. */
export function matrixHtml(
  catalogue: readonly RequirementInfo[],
  columns: readonly ColumnResult[],
): string {
  const head = columns.map((c) => `<th>${e(columnLabel(c))}</th>`).join('');
  const rows = allRequirements(catalogue, columns).map((requirement) => {
    const cells = columns
      .map((column) => {
        const status = requirementStatus(requirement, column);
        return `<td class="cell ${status.kind}">${e(cellText(status))}</td>`;
      })
      .join('');
    return (
      `<tr><th><a href="#req-${e(requirement.id)}"><code>${e(requirement.id)}</code></a>` +
      ` <span class="small">${e(requirement.area)}</span></th>${cells}</tr>`
    );
  });
  return `<table class="matrix"><thead><tr><th>requirement</th>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
