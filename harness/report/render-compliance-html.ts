/**
 * The compliance report: one self-contained HTML page (inline CSS, no scripts, no
 * fonts, images or external links), readable without JavaScript. Pure: data in, string out.
 */
import { escapeHtml as e } from './escape.ts';
import { coverageHtml, detailsHtml } from './html-details.ts';
import { matrixHtml } from './html-matrix.ts';
import { summaryHtml } from './html-summary.ts';
import { metadataHtml } from './html-metadata.ts';
import { mutationHtml } from './html-mutation.ts';
import { complianceCss } from './html-styles.ts';
import { columnLabel, type ReportData } from './report-data.ts';

/** Renders the whole report. Every piece of text from the data is escaped. */
export function renderComplianceHtml(data: ReportData): string {
  const { catalogue, columns } = data;
  const m = data.mutation?.result;
  const labels = [
    ...columns.map(columnLabel),
    ...(m ? [`mutants · ${m.profile} · ${m.backend}`] : []),
  ];
  const title = `netconform compliance: ${labels.join(', ') || 'no results'}`;
  const mutation =
    data.mutation === null
      ? ''
      : `<h2 id="mutation">Mutation score</h2>\n${mutationHtml(data.mutation)}\n`;
  // A `mutants` report has no run columns: leave out the empty requirement sections.
  const runSections =
    columns.length === 0 && data.mutation !== null
      ? ''
      : `<section id="summary">
${summaryHtml(catalogue, columns)}
</section>
<h2 id="matrix">Requirements × profile / driver / backend</h2>
<p class="small">verified: steps exercised it and none disagreed · violated: a confirmed disagreement (repro below) · inconclusive: only failed probes · not exercised: no step named it · n/a: the profile does not promise it</p>
${matrixHtml(catalogue, columns)}
<h2 id="details">Requirements</h2>
${detailsHtml(catalogue, columns)}
<h2 id="coverage">Requirement coverage</h2>
${coverageHtml(catalogue, columns)}
`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>${complianceCss}</style>
</head>
<body>
<main>
<h1>netconform compliance report</h1>
${runSections}${mutation}<h2 id="metadata">Run metadata</h2>
${metadataHtml(columns, data.generatedAt, data.environment)}
</main>
</body>
</html>
`;
}
