/** Writes the report files: compliance HTML, Allure results directory, JUnit XML. */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildAllureResults } from './allure-results.ts';
import { clearNetconformResults } from './clear-allure-results.ts';
import { renderJunitXml } from './junit-xml.ts';
import { renderComplianceHtml } from './render-compliance-html.ts';
import type { ReportData } from './report-data.ts';

async function writeText(file: string, content: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** Writes the self-contained compliance page to `file`. */
export function writeComplianceHtml(data: ReportData, file: string): Promise<string> {
  return writeText(file, renderComplianceHtml(data));
}

/**
 * Writes this report's results to the Allure results directory `dir`, first removing
 * netconform's earlier results there (Allure would show them as the current state;
 * its history across runs comes from the report's history, not from old results).
 */
export async function writeAllureResults(data: ReportData, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  await clearNetconformResults(dir);
  const files = buildAllureResults(data, randomUUID);
  await Promise.all(files.map((f) => writeFile(join(dir, f.name), f.content)));
  return files.filter((f) => f.name.endsWith('-result.json')).length;
}

/** Writes JUnit XML for `data` to `file`. */
export function writeJunitXml(data: ReportData, file: string): Promise<string> {
  return writeText(file, renderJunitXml(data));
}
