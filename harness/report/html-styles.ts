/** The compliance report's inline stylesheet (no fonts or images: system fonts only). */
export const complianceCss = `
:root { color-scheme: light; --ok: #1a7f37; --bad: #cf222e; --warn: #7d4e00; --dim: #57606a; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 0; display: inline; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
pre { background: #f6f8fa; padding: 8px 12px; overflow-x: auto; border-radius: 6px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.summary { font-size: 1.1em; margin: 6px 0; padding: 6px 12px; border-left: 6px solid; border-radius: 4px; }
.summary.bad { color: var(--bad); background: #ffebe9; } .summary.ok { color: var(--ok); background: #dafbe1; }
.summary.warn { color: var(--warn); background: #fff8c5; }
.driver-error { border: 2px solid var(--bad); border-radius: 6px; padding: 4px 12px; margin: 6px 0; }
.driver-error pre { white-space: pre-wrap; }
.cell { font-weight: 600; white-space: nowrap; }
.verified { color: var(--ok); background: #dafbe1; }
.violated { color: var(--bad); background: #ffebe9; }
.inconclusive { color: var(--warn); background: #fff8c5; }
.not-exercised { color: var(--dim); background: #f6f8fa; }
.not-applicable { color: var(--dim); }
.small { font-size: 0.85em; color: var(--dim); font-weight: normal; }
details { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 12px; margin: 6px 0; }
details[open] { padding-bottom: 12px; }
summary { cursor: pointer; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 0.8em; font-weight: 600; margin-right: 6px; }
tr.disagree td { background: #ffebe9; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
@media print {
  details { break-inside: avoid; }
  /* Paper does not scroll: wrap long lines instead of clipping them. */
  pre, td, th, .cell { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  table { max-width: 100%; }
}
`;
