/**
 * Allure results from run results, as the files of an `allure-results` directory
 * (`<uuid>-result.json` plus `<uuid>-attachment.<ext>`). Pure: the caller writes them.
 *
 * One result per requirement and column, plus one `broken` result per driver error that
 * stopped a run (with its message), so a run that stopped is never all `skipped`. `historyId`/`testCaseId` hash requirement,
 * profile, driver and backend only (never the seed), so Allure's history and retries
 * line up across runs and shards.
 */
import {
  reproAttachments,
  resultFile,
  stableId,
  type AllureAttachment,
  type AllureLabel,
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
  type DriverErrorView,
  type ReportData,
  type RequirementInfo,
} from './report-data.ts';
import {
  allRequirements,
  requirementStatus,
  type RequirementStatus,
} from './requirement-status.ts';
import { driverErrorPlace } from './format.ts';
import { reproText } from './text-table.ts';

/** The stable identity of a requirement in a column (hex SHA-256, 32 chars). */
export function allureHistoryId(requirementId: string, column: ColumnResult): string {
  return stableId(requirementId, columnId(column));
}

function statusOf(
  status: RequirementStatus,
  column: ColumnResult,
): { status: AllureStatus; message?: string } {
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
        message:
          column.driverErrors.length === 0
            ? 'not exercised: no generated step named this requirement'
            : 'not exercised: the run stopped on a driver error',
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
  const { status: allureStatus, message } = statusOf(status, column);
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
    stop: start + Math.round('counts' in status ? status.counts.elapsedMs : 0),
    labels: labels(column, requirement.area, requirement.id),
    parameters: parameters(column),
    attachments,
    steps,
    links: [],
  };
}

function labels(column: ColumnResult, feature: string, story: string): AllureLabel[] {
  return [
    { name: 'epic', value: column.profile },
    { name: 'feature', value: feature },
    { name: 'story', value: story },
    { name: 'parentSuite', value: column.profile },
    { name: 'suite', value: `${column.driver} · ${column.backend}` },
    { name: 'subSuite', value: feature },
    { name: 'framework', value: 'netconform' },
    { name: 'tag', value: `seed-${column.seed}` },
  ];
}

const parameters = (column: ColumnResult): AllureLabel[] => [
  { name: 'driver', value: column.driver },
  { name: 'backend', value: column.backend },
];

/** A driver error as a `broken` result carrying its message (and stderr as the trace). */
function driverErrorResult(
  column: ColumnResult,
  error: DriverErrorView,
  start: number,
  uuid: () => string,
): AllureResult {
  const id = stableId('driver-error', columnId(column));
  return {
    uuid: uuid(),
    historyId: id,
    testCaseId: id,
    name: `driver error: ${column.driver} (${driverErrorPlace(error)})`,
    fullName: `netconform.${column.profile}.driver-error[${column.driver},${column.backend}]`,
    description: `The driver failed, so the run stopped: the requirements after this point were not exercised.\n\nColumn: ${columnLabel(column)}, seed ${column.seed}.`,
    status: 'broken',
    statusDetails: {
      message: error.message,
      ...(error.stderr === '' ? {} : { trace: error.stderr }),
    },
    stage: 'finished',
    start,
    stop: start + Math.round(column.durationMs),
    labels: labels(column, 'driver', 'driver error'),
    parameters: parameters(column),
    attachments: [],
    steps: [],
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
    for (const error of column.driverErrors)
      files.push(resultFile(driverErrorResult(column, error, start, uuid)));
    for (const requirement of allRequirements(data.catalogue, data.columns)) {
      const status = requirementStatus(requirement, column);
      if (status.kind === 'not-applicable') continue;
      files.push(resultFile(oneResult(requirement, column, status, start, uuid, files)));
    }
  }
  if (data.mutation !== null) files.push(...mutantAllureResults(data.mutation, uuid));
  return files;
}
