/**
 * Allure results of a mutation run: one per mutant, passed when the harness caught it,
 * failed when it was missed, broken on a driver error. `historyId`/`testCaseId` hash
 * mutant, profile and backend (never the seed or shard), so history follows a mutant.
 */
import type { MutantOutcome } from '../mutation/mutation-result.ts';
import {
  reproAttachments,
  resultFile,
  stableId,
  type AllureResult,
  type AllureStatus,
  type ResultFile,
} from './allure-model.ts';
import { formatDuration } from './format.ts';
import type { MutationView } from './report-data.ts';

/** The stable identity of a mutant under a profile and backend. */
export function mutantHistoryId(mutant: string, profile: string, backend: string): string {
  return stableId('mutant', mutant, profile, backend);
}

function statusOf(m: MutantOutcome): { status: AllureStatus; message?: string } {
  if (m.status === 'caught') return { status: 'passed' };
  if (m.status === 'driver-error')
    return { status: 'broken', message: `driver error: ${m.driverError ?? 'unknown'}` };
  return {
    status: 'failed',
    message: `mutant missed: no confirmed disagreement in ${m.runsExecuted} runs (it should violate ${m.expectedRequirements.join(', ')})`,
  };
}

function figures(m: MutantOutcome): string {
  if (!m.caught) return `Runs executed: ${m.runsExecuted}.`;
  const time = (ms: number | null) => (ms === null ? 'unknown' : formatDuration(ms));
  return (
    `Caught in run ${m.caughtInRun ?? '?'} (${m.runsUntilCaught ?? '?'} runs) after ` +
    `${time(m.timeToCatchMs)}; shrunk to ` +
    `${m.reproSteps ?? '?'} steps in ${time(m.timeToShrinkMs)}. Repro: ${m.reproPath ?? 'not written'}.`
  );
}

/** One result per mutant of `view`, with its repro (step table, scenario.json) attached. */
export function mutantAllureResults(view: MutationView, uuid: () => string): ResultFile[] {
  const { profile, backend, seed, startedAt } = view.result;
  const start = Date.parse(startedAt);
  const files: ResultFile[] = [];
  for (const m of view.result.mutants) {
    const id = mutantHistoryId(m.name, profile, backend);
    const repro = view.repros[m.name];
    const added =
      repro === undefined
        ? { attachments: [], steps: [] }
        : reproAttachments(repro, 'repro: ', uuid, files);
    const { status, message } = statusOf(m);
    const result: AllureResult = {
      uuid: uuid(),
      historyId: id,
      testCaseId: id,
      name: `mutant ${m.name} is caught`,
      fullName: `netconform.${profile}.mutants.${m.name}[${backend}]`,
      description: `${m.origin}\n\nViolates (catalogue): ${m.expectedRequirements.join(', ')}. ${figures(m)}`,
      status,
      statusDetails: message === undefined ? {} : { message },
      stage: 'finished',
      start,
      stop: start + Math.round(m.durationMs),
      labels: [
        { name: 'epic', value: profile },
        { name: 'feature', value: 'mutants' },
        { name: 'story', value: m.name },
        { name: 'parentSuite', value: profile },
        { name: 'suite', value: `mutants · ${backend}` },
        { name: 'framework', value: 'netconform' },
        { name: 'tag', value: `seed-${seed}` },
        ...m.violated.map((value) => ({ name: 'tag', value })),
        ...m.violated.map((value) => ({ name: 'requirement', value })),
      ],
      parameters: [
        { name: 'driver', value: m.driver },
        { name: 'backend', value: backend },
      ],
      attachments: added.attachments,
      steps: added.steps,
      links: [],
    };
    files.push(resultFile(result));
  }
  return files;
}
