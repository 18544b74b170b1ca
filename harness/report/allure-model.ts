/**
 * The subset of Allure's result format netconform writes, and the pieces shared by
 * requirement and mutant results: stable IDs and a repro as attachments and steps.
 */
import { createHash } from 'node:crypto';
import type { ReproView } from './report-data.ts';
import { reproText } from './text-table.ts';

export type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped';

export interface AllureLabel {
  readonly name: string;
  readonly value: string;
}

export interface AllureAttachment {
  readonly name: string;
  readonly source: string;
  readonly type: string;
}

export interface AllureStep {
  readonly name: string;
  readonly status: AllureStatus;
  readonly stage: 'finished';
  readonly steps: readonly AllureStep[];
  readonly attachments: readonly AllureAttachment[];
  readonly parameters: readonly AllureLabel[];
}

/** One `<uuid>-result.json`. */
export interface AllureResult {
  readonly uuid: string;
  readonly historyId: string;
  readonly testCaseId: string;
  readonly name: string;
  readonly fullName: string;
  readonly description: string;
  readonly status: AllureStatus;
  readonly statusDetails: { readonly message?: string; readonly trace?: string };
  readonly stage: 'finished';
  readonly start: number;
  readonly stop: number;
  readonly labels: readonly AllureLabel[];
  readonly parameters: readonly AllureLabel[];
  readonly attachments: readonly AllureAttachment[];
  readonly steps: readonly AllureStep[];
  readonly links: readonly never[];
}

/** A file to write into the results directory. */
export interface ResultFile {
  readonly name: string;
  readonly content: string;
}

/** A stable ID (hex SHA-256, 32 chars) of `parts`, for historyId and testCaseId. */
export function stableId(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A repro as Allure attachments (step table, scenario.json) pushed to `files`, and steps. */
export function reproAttachments(
  repro: ReproView,
  label: string,
  uuid: () => string,
  files: ResultFile[],
): { attachments: AllureAttachment[]; steps: AllureStep[] } {
  const table = `${uuid()}-attachment.txt`;
  files.push({ name: table, content: reproText(repro) });
  const attachments: AllureAttachment[] = [
    { name: `${label}step table`, source: table, type: 'text/plain' },
  ];
  if (repro.scenario !== null && repro.scenario !== undefined) {
    const scenario = `${uuid()}-attachment.json`;
    files.push({ name: scenario, content: `${JSON.stringify(repro.scenario, null, 2)}\n` });
    attachments.push({ name: `${label}scenario.json`, source: scenario, type: 'application/json' });
  }
  const steps = repro.rows.map((row): AllureStep => ({
    name: `#${row.index} ${row.step}: expected ${row.expected}, observed ${row.observed}`,
    status:
      row.verdict === 'disagree' ? 'failed' : row.verdict === 'inconclusive' ? 'broken' : 'passed',
    stage: 'finished',
    steps: [],
    attachments: [],
    parameters: [],
  }));
  return { attachments, steps };
}

/** The JSON file of `result`. */
export const resultFile = (result: AllureResult): ResultFile => ({
  name: `${result.uuid}-result.json`,
  content: `${JSON.stringify(result, null, 2)}\n`,
});
