/**
 * `writeMutantsReports`: what `netconform mutants` calls when it finishes. Builds the
 * report from the mutation result (plus each caught mutant's repro under
 * `<out>/mutants/<name>/`) and writes compliance.html, Allure results and, when asked,
 * JUnit XML.
 */
import type { MutationResult } from '../mutation/mutation-result.ts';
import { buildReportData } from './build-report-data.ts';
import { collectEnvironment } from './collect-environment.ts';
import { mergeMutationResults } from './merge-mutation.ts';
import { mutantRepros } from './read-mutation.ts';
import { writeReportSet, type WrittenReports } from './write-run-reports.ts';

export interface MutantsReportOptions {
  /** The `mutants --out` directory (holds mutation-result.json and mutants/<name>/). */
  readonly outDir: string;
  /** Write JUnit XML here (`--junit FILE`). */
  readonly junitPath?: string | null;
}

/** Writes `<outDir>/compliance.html`, `<outDir>/allure-results/` and the JUnit file. */
export async function writeMutantsReports(
  result: MutationResult,
  options: MutantsReportOptions,
): Promise<WrittenReports> {
  const environment = await collectEnvironment('run');
  const repros = await mutantRepros(result, options.outDir);
  const merged = mergeMutationResults([{ result, repros }]);
  // One result never conflicts with itself.
  if (merged.kind === 'conflict') throw new Error(merged.message);
  const data = buildReportData({ columns: [], mutation: merged.view, environment });
  return writeReportSet(data, options.outDir, options.junitPath ?? null);
}
