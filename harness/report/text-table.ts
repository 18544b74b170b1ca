/** A repro's step table as plain text (JUnit failures, Allure attachments, terminals). */
import type { ReproView } from './report-data.ts';

const headers = [
  '#',
  'step',
  'expected (model)',
  'observed (dataplane)',
  'verdict',
  'requirements',
];

/** Column-aligned text table of `repro`'s steps. */
export function reproTextTable(repro: ReproView): string {
  if (repro.rows.length === 0) return (repro.tableText ?? '(no step table recorded)').trimEnd();
  const body = repro.rows.map((r) => [
    String(r.index),
    r.step,
    r.expected,
    r.observed,
    r.verdict,
    r.requirements.join(','),
  ]);
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The table plus violated IDs, file and replay command: a repro in one text block. */
export function reproText(repro: ReproView): string {
  return [
    `violated: ${repro.violated.join(', ')}`,
    ...(repro.path === null ? [] : [`scenario: ${repro.path}`]),
    '',
    reproTextTable(repro),
    '',
    `replay: ${repro.replayCommand}`,
  ].join('\n');
}
