/**
 * Allure results from run results, as the files of an `allure-results` directory
 * (`<uuid>-result.json` plus `<uuid>-attachment.<ext>`). Pure: the caller writes them.
 *
 * One result per requirement and column. `historyId`/`testCaseId` hash requirement,
 * profile, driver and backend only (never the seed), so Allure's history and retries
 * line up across runs and shards.
 */
import { createHash } from 'node:crypto';
import {
  columnId,
  columnLabel,
  type ColumnResult,
  type ReportData,
  type RequirementInfo,
} from './report-data.ts';
import {
  allRequirements,
  requirementStatus,
  type RequirementStatus,
} from './requirement-status.ts';
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

/** The subset of Allure's result format netconform writes. */
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

/** The stable identity of a requirement in a column (hex SHA-256, 32 chars). */
export function allureHistoryId(requirementId: string, column: ColumnResult): string {
  const key = `${requirementId}\u0000${columnId(column)}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function statusOf(status: RequirementStatus): { status: AllureStatus; message?: string } {
  switch (status.kind) {
    case 'verified':
      return { status: 'passed' };
    case 'violated':
      return {
        status: 'failed',
        message: `${status.counts.disagree} confirmed disagreement(s) in ${status.counts.steps} step(s); ${status.repros.length} repro(s)`,
      };
    case 'inconclusive':
      return {
        status: 'broken',
        message: `all ${status.counts.inconclusive} step(s) were inconclusive (probe failures)`,
      };
    case 'not-exercised':
      return {
        status: 'skipped',
        message: 'not exercised: no generated step named this requirement',
      };
    case 'not-applicable':
      return { status: 'skipped', message: 'not applicable to this profile' };
  }
}

function oneResult(
  requirement: RequirementInfo,
  column: ColumnResult,
  status: RequirementStatus,
  start: number,
  uuid: () => string,
  files: ResultFile[],
): AllureResult {
  const id = allureHistoryId(requirement.id, column);
  const { status: allureStatus, message } = statusOf(status);
  const attachments: AllureAttachment[] = [];
  const steps: AllureStep[] = [];
  if (status.kind === 'violated') {
    for (const [i, repro] of status.repros.entries()) {
      const table = `${uuid()}-attachment.txt`;
      files.push({ name: table, content: reproText(repro) });
      attachments.push({ name: `repro ${i + 1}: step table`, source: table, type: 'text/plain' });
      if (repro.scenario !== null && repro.scenario !== undefined) {
        const scenario = `${uuid()}-attachment.json`;
        files.push({ name: scenario, content: `${JSON.stringify(repro.scenario, null, 2)}\n` });
        attachments.push({
          name: `repro ${i + 1}: scenario.json`,
          source: scenario,
          type: 'application/json',
        });
      }
      for (const row of repro.rows) {
        steps.push({
          name: `#${row.index} ${row.step}: expected ${row.expected}, observed ${row.observed}`,
          status:
            row.verdict === 'disagree'
              ? 'failed'
              : row.verdict === 'inconclusive'
                ? 'broken'
                : 'passed',
          stage: 'finished',
          steps: [],
          attachments: [],
          parameters: [],
        });
      }
    }
  }
  const trace =
    status.kind === 'violated' ? status.repros.map((r) => reproText(r)).join('\n\n') : undefined;
  return {
    uuid: uuid(),
    historyId: id,
    testCaseId: id,
    name: `${requirement.id}: ${requirement.statement}`,
    fullName: `netconform.${column.profile}.${requirement.id}[${column.driver},${column.backend}]`,
    description: `${requirement.statement}\n\nSource: ${requirement.source}\n\nColumn: ${columnLabel(column)}, seed ${column.seed}, ${column.runs} runs.`,
    status: allureStatus,
    statusDetails: {
      ...(message === undefined ? {} : { message }),
      ...(trace === undefined ? {} : { trace }),
    },
    stage: 'finished',
    start,
    stop: start + Math.round(column.durationMs),
    labels: [
      { name: 'epic', value: column.profile },
      { name: 'feature', value: requirement.area },
      { name: 'story', value: requirement.id },
      { name: 'parentSuite', value: column.profile },
      { name: 'suite', value: `${column.driver} · ${column.backend}` },
      { name: 'subSuite', value: requirement.area },
      { name: 'framework', value: 'netconform' },
      { name: 'tag', value: `seed-${column.seed}` },
    ],
    parameters: [
      { name: 'driver', value: column.driver },
      { name: 'backend', value: column.backend },
    ],
    attachments,
    steps,
    links: [],
  };
}

/**
 * Every file of the results directory for `data`: one result per applicable
 * requirement per column, with the repros of violated ones attached.
 */
export function buildAllureResults(data: ReportData, uuid: () => string): readonly ResultFile[] {
  const files: ResultFile[] = [];
  for (const column of data.columns) {
    const start =
      column.startedAt === null ? Date.parse(data.generatedAt) : Date.parse(column.startedAt);
    for (const requirement of allRequirements(data.catalogue, data.columns)) {
      const status = requirementStatus(requirement, column);
      if (status.kind === 'not-applicable') continue;
      const result = oneResult(requirement, column, status, start, uuid, files);
      files.push({
        name: `${result.uuid}-result.json`,
        content: `${JSON.stringify(result, null, 2)}\n`,
      });
    }
  }
  return files;
}
