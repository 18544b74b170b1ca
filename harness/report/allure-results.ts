/**
 * Allure results from run results, as the files of an `allure-results` directory
 * (`<uuid>-result.json` plus `<uuid>-attachment.<ext>`). Pure: the caller writes them.
 *
 * One result per requirement and column. `historyId`/`testCaseId` hash requirement,
 * profile, driver and backend only (never the seed), so Allure's history and retries
 * line up across runs and shards.
 */
import {
  reproAttachments,
  resultFile,
  stableId,
  type AllureAttachment,
  type AllureResult,
  type AllureStatus,
  type AllureStep,
  type ResultFile,
} from './allure-model.ts';
import { mutantAllureResults } from './allure-mutants.ts';
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

/** The stable identity of a requirement in a column (hex SHA-256, 32 chars). */
export function allureHistoryId(requirementId: string, column: ColumnResult): string {
  return stableId(requirementId, columnId(column));
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
      const added = reproAttachments(repro, `repro ${i + 1}: `, uuid, files);
      attachments.push(...added.attachments);
      steps.push(...added.steps);
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
 * requirement per column, with the repros of violated ones attached, and one per
 * mutant when `data` has mutation results.
 */
export function buildAllureResults(data: ReportData, uuid: () => string): readonly ResultFile[] {
  const files: ResultFile[] = [];
  for (const column of data.columns) {
    const start =
      column.startedAt === null ? Date.parse(data.generatedAt) : Date.parse(column.startedAt);
    for (const requirement of allRequirements(data.catalogue, data.columns)) {
      const status = requirementStatus(requirement, column);
      if (status.kind === 'not-applicable') continue;
      files.push(resultFile(oneResult(requirement, column, status, start, uuid, files)));
    }
  }
  if (data.mutation !== null) files.push(...mutantAllureResults(data.mutation, uuid));
  return files;
}
