/**
 * The mutation-score section: how many deliberately broken drivers the harness caught,
 * how fast, and each caught mutant's minimal repro.
 */
import type { MutantOutcome } from '../mutation/mutation-result.ts';
import { escapeHtml as e } from './escape.ts';
import { formatDuration, formatShards } from './format.ts';
import { reproHtml } from './html-repro.ts';
import type { MutationView } from './report-data.ts';

const orDash = (v: number | null, f: (n: number) => string = String) => (v === null ? '—' : f(v));
const anchor = (name: string) => `mutant-${name}`;

function resultCell(m: MutantOutcome): string {
  if (m.status === 'caught') return '<td class="cell verified">caught</td>';
  if (m.status === 'missed') return '<td class="cell violated">missed</td>';
  return `<td class="cell inconclusive">driver error</td>`;
}

function violatedCell(m: MutantOutcome): string {
  const seen = m.violated.join(', ') || (m.caught ? 'undetermined' : '—');
  const expected =
    m.caught && !m.requirementsMatch
      ? ` <span class="small">(catalogue: ${e(m.expectedRequirements.join(', '))})</span>`
      : '';
  return `<td class="mono">${e(seen)}${expected}</td><td class="mono">${e(m.involved.join(', ') || '—')}</td>`;
}

function row(m: MutantOutcome, hasRepro: boolean): string {
  const path = m.reproPath === null ? '—' : `<code>${e(m.reproPath)}</code>`;
  const repro = hasRepro ? `<a href="#${e(anchor(m.name))}">${path}</a>` : path;
  return (
    `<tr><td><code>${e(m.name)}</code><br><span class="small">${e(m.origin)}</span></td>${resultCell(m)}` +
    `<td>${m.caught ? e(orDash(m.runsUntilCaught)) : `— (${e(m.runsExecuted)} runs)`}</td>` +
    `<td>${e(orDash(m.timeToCatchMs, formatDuration))}</td><td>${e(orDash(m.timeToShrinkMs, formatDuration))}</td>` +
    `<td>${e(orDash(m.reproSteps))}</td>${violatedCell(m)}<td>${repro}</td></tr>`
  );
}

/** The score, its figures, one row per mutant, then the repro of each caught mutant. */
export function mutationHtml(view: MutationView): string {
  const { result } = view;
  const s = result.score;
  const context = [
    result.profile,
    result.backend,
    `seed ${result.seed}`,
    `budget ${result.budget} runs per mutant`,
    `mutant shards ${formatShards(view.shards)}`,
  ].join(' · ');
  const missing =
    view.missingShards.length === 0
      ? ''
      : `<p class="summary bad">Incomplete: mutant shard ${e(view.missingShards.join(', '))} missing; the score covers the mutants present.</p>\n`;
  const errors = result.mutants
    .filter((m) => m.driverError !== null)
    .map((m) => `<p>Driver error in <code>${e(m.name)}</code>: ${e(m.driverError ?? '')}</p>`);
  const repros = result.mutants.flatMap((m) => {
    const repro = view.repros[m.name];
    if (repro === undefined) return [];
    return [
      `<details id="${e(anchor(m.name))}"><summary><h3><code>${e(m.name)}</code></h3> ${e(m.origin)}</summary>\n${reproHtml(repro)}</details>`,
    ];
  });
  return (
    `<p class="summary ${s.caught === s.total ? 'ok' : 'bad'}">Mutation score: ${e(s.caught)}/${e(s.total)} mutants caught (${e(s.percent.toFixed(1))} %)</p>\n` +
    `<p>Time to catch: median ${e(orDash(s.medianTimeToCatchMs, formatDuration))}, worst ${e(orDash(s.worstTimeToCatchMs, formatDuration))} · ` +
    `median time to shrink ${e(orDash(s.medianTimeToShrinkMs, formatDuration))}</p>\n` +
    `<p class="small">${e(context)}</p>\n${missing}` +
    `<table class="mutants"><thead><tr><th>mutant (origin)</th><th>result</th><th>runs until caught</th><th>time to catch</th>` +
    `<th>time to shrink</th><th>repro steps</th><th>requirement blamed</th><th>requirements involved</th><th>repro</th></tr></thead>\n` +
    `<tbody>\n${result.mutants.map((m) => row(m, view.repros[m.name] !== undefined)).join('\n')}\n</tbody></table>\n` +
    `${errors.join('\n')}${repros.join('\n')}`
  );
}
