/**
 * `writeRunReports`: what `netconform run` calls when it finishes. Builds the report
 * from the run's own result (plus its repro bundle) and writes compliance.html, Allure
 * results and, when asked, JUnit XML.
 */
import { join } from 'node:path';
import type { RunResult } from '../runner/run-result.ts';
import { buildReportData } from './build-report-data.ts';
import type { ReportData } from './report-data.ts';
import { collectEnvironment } from './collect-environment.ts';
import { loadRunResult } from './read-results.ts';
import { columnFromRunResult } from './from-run-result.ts';
import { writeAllureResults, writeComplianceHtml, writeJunitXml } from './write-reports.ts';

export interface RunReportOptions {
  /** The run's `--out` directory (holds run-result.json and repros/); null when none. */
  readonly outDir: string | null;
  /** Default `<outDir>/compliance.html` (`reports/compliance.html` without an outDir). */
  readonly htmlPath?: string;
  /** Default `<outDir>/allure-results`. */
  readonly allureDir?: string;
  /** Write JUnit XML here (`--junit FILE`). */
  readonly junitPath?: string | null;
}

export interface WrittenReports {
  readonly html: string;
  readonly allureDir: string;
  readonly allureResults: number;
  readonly junit: string | null;
}

/** Writes every report of a finished run. */
export async function writeRunReports(
  result: RunResult,
  options: RunReportOptions,
): Promise<WrittenReports> {
  const environment = await collectEnvironment('run');
  // With an output directory, read it back so the repro bundle's table is included.
  const loaded = options.outDir === null ? null : await loadRunResult(options.outDir);
  const column =
    loaded?.kind === 'loaded'
      ? { ...loaded.value, environment }
      : columnFromRunResult(result, [], environment);
  const data = buildReportData({ columns: [column], environment });
  return writeReportSet(data, options.outDir ?? 'reports', options.junitPath ?? null, options);
}

/**
 * Writes `<base>/compliance.html`, `<base>/allure-results/` and, when `junitPath` is
 * given, JUnit XML; `paths` overrides the first two.
 */
export async function writeReportSet(
  data: ReportData,
  base: string,
  junitPath: string | null,
  paths: { readonly htmlPath?: string; readonly allureDir?: string } = {},
): Promise<WrittenReports> {
  const html = paths.htmlPath ?? join(base, 'compliance.html');
  const allureDir = paths.allureDir ?? join(base, 'allure-results');
  const [, allureResults, junit] = await Promise.all([
    writeComplianceHtml(data, html),
    writeAllureResults(data, allureDir),
    junitPath === null ? Promise.resolve(null) : writeJunitXml(data, junitPath),
  ]);
  return { html, allureDir, allureResults, junit };
}
