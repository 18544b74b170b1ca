/** The mutation-score section: how many deliberately broken drivers the harness caught. */
import { escapeHtml as e } from './escape.ts';
import { formatDuration } from './format.ts';
import type { MutationScoreView } from './report-data.ts';

const orDash = (v: number | null, f: (n: number) => string = String) => (v === null ? '—' : f(v));

/** The mutation score and one row per mutant. */
export function mutationHtml(score: MutationScoreView): string {
  const caught = score.mutants.filter((m) => m.caught).length;
  const context = [score.profile, score.backend, score.seed === null ? null : `seed ${score.seed}`]
    .filter((x) => x !== null)
    .join(' · ');
  const rows = score.mutants.map(
    (m) =>
      `<tr><td><code>${e(m.name)}</code></td><td class="cell ${m.caught ? 'verified' : 'violated'}">${m.caught ? 'caught' : 'survived'}</td>` +
      `<td>${e(orDash(m.runsUntilCaught))}</td><td>${e(orDash(m.timeToCatchMs, formatDuration))}</td>` +
      `<td>${e(orDash(m.timeToShrinkMs, formatDuration))}</td><td>${e(orDash(m.reproSteps))}</td>` +
      `<td class="mono">${e(m.requirements.join(', '))}</td><td class="mono">${e(m.violated.join(', ') || '—')}</td></tr>`,
  );
  return (
    `<p class="summary ${caught === score.mutants.length ? 'ok' : 'bad'}">Mutation score: ${e(caught)}/${e(score.mutants.length)} mutants caught` +
    `${context === '' ? '' : ` (${e(context)})`}</p>\n` +
    `<table><thead><tr><th>mutant</th><th>result</th><th>runs until caught</th><th>time to catch</th>` +
    `<th>time to shrink</th><th>repro steps</th><th>requirements it breaks</th><th>violated (seen)</th></tr></thead>\n` +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}
