/** The `mutants` command's text output: one table row per mutant, then the score. Pure. */
import type { MutantOutcome, MutationResult } from './mutation-result.ts';

/** Milliseconds as seconds with one decimal, `-` for null. */
export const formatSeconds = (ms: number | null): string =>
  ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`;

const HEADER = [
  'mutant',
  'result',
  'runs',
  'catch',
  'shrink',
  'steps',
  'requirement blamed',
  'requirements involved',
  'repro',
];

function row(o: MutantOutcome): string[] {
  const blamed = !o.caught
    ? '-'
    : (o.violated.join(',') || 'undetermined') + (o.requirementsMatch ? '' : ' (!)');
  return [
    o.name,
    o.status === 'driver-error' ? 'DRIVER ERROR' : o.caught ? 'caught' : 'MISSED',
    o.runsUntilCaught === null ? `${o.runsExecuted}` : `${o.runsUntilCaught}`,
    formatSeconds(o.timeToCatchMs),
    formatSeconds(o.timeToShrinkMs),
    o.reproSteps === null ? '-' : `${o.reproSteps}`,
    blamed,
    o.involved.join(',') || '-',
    o.reproPath ?? '-',
  ];
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The table, a legend for flagged cells, and the score lines. */
export function formatMutationReport(result: MutationResult): string[] {
  const lines = alignColumns([HEADER, ...result.mutants.map(row)]);
  const s = result.score;
  if (result.mutants.some((o) => o.caught && !o.requirementsMatch)) {
    lines.push("(!) the repro blames a requirement outside the mutant's catalogue entry, or none");
  }
  for (const o of result.mutants.filter((m) => m.driverError !== null)) {
    lines.push(`driver error in mutant ${o.name}: ${o.driverError}`);
  }
  lines.push(
    `mutation score: ${s.caught}/${s.total} caught (${s.percent.toFixed(1)} %), ` +
      `budget ${result.budget} runs, seed ${result.seed}, shrink limit ` +
      (result.limits.shrinkTimeLimitMs === null
        ? 'none'
        : formatSeconds(result.limits.shrinkTimeLimitMs)),
    `time to catch: median ${formatSeconds(s.medianTimeToCatchMs)}, ` +
      `worst ${formatSeconds(s.worstTimeToCatchMs)}; ` +
      `median time to shrink ${formatSeconds(s.medianTimeToShrinkMs)}; ` +
      `total ${formatSeconds(result.durationMs)}`,
  );
  const missed = result.mutants.filter((o) => o.status === 'missed').map((o) => o.name);
  if (missed.length > 0) lines.push(`missed: ${missed.join(', ')}`);
  return lines;
}

/** The one-line progress summary of a finished mutant. */
export function formatMutantDone(o: MutantOutcome, position: number, total: number): string {
  const head = `[${position}/${total}] ${o.name}:`;
  if (o.status === 'caught') {
    return (
      `${head} caught in run ${o.caughtInRun} (${o.runsUntilCaught} runs) after ` +
      `${formatSeconds(o.timeToCatchMs)}, ` +
      `shrunk to ${o.reproSteps} steps in ${formatSeconds(o.timeToShrinkMs)} ` +
      `(violated: ${o.violated.join(', ') || 'undetermined'}; involved: ${o.involved.join(', ') || '-'})`
    );
  }
  if (o.status === 'driver-error') return `${head} DRIVER ERROR ${o.driverError}`;
  return `${head} MISSED after ${o.runsExecuted} runs (${formatSeconds(o.durationMs)})`;
}
