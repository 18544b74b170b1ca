/**
 * Reports: the self-contained compliance page, Allure results, JUnit XML, and merging
 * sharded run and mutation results. Renderers are pure (data in, string out); writers do the I/O.
 */
export * from './report-data.ts';
export * from './requirement-status.ts';
export * from './render-compliance-html.ts';
export * from './allure-model.ts';
export * from './allure-results.ts';
export * from './allure-mutants.ts';
export * from './junit-xml.ts';
export * from './merge-columns.ts';
export * from './merge-mutation.ts';
export * from './from-run-result.ts';
export * from './read-json.ts';
export * from './read-results.ts';
export * from './read-mutation.ts';
export * from './load-results.ts';
export * from './build-report-data.ts';
export * from './collect-environment.ts';
export * from './clear-allure-results.ts';
export * from './write-reports.ts';
export * from './write-run-reports.ts';
export * from './write-mutants-reports.ts';
export * from './run-allure-cli.ts';
export { cellText } from './html-matrix.ts';
export { summaryLine, summaryTone } from './html-summary.ts';
export { driverErrorPlace } from './format.ts';
export * from './strip-analytics.ts';
