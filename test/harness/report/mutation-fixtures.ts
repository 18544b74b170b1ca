/**
 * Synthetic `MutationResult`s for the report tests: caught, missed and driver-error
 * outcomes, scored by the mutation module's own `mutationScore`.
 */
import { MutantOutcome, MutationResult } from '../../../harness/mutation/mutation-result.ts';
import { mutationScore } from '../../../harness/mutation/score.ts';
import type { Shard } from '../../../harness/runner/plan.ts';
import type { LoadedMutation } from '../../../harness/report/index.ts';
import { ctReplyRepro } from './report-fixtures.ts';

const base = (name: string): Omit<MutantOutcome, 'status' | 'caught'> => ({
  name,
  driver: `mutant:${name}`,
  origin: `agents that <b>${name}</b>`,
  runsUntilCaught: null,
  runsExecuted: 20,
  timeToCatchMs: null,
  timeToShrinkMs: null,
  reproSteps: null,
  requirements: [],
  expectedRequirements: ['CT-REPLY'],
  requirementsMatch: false,
  reproPath: null,
  runResultPath: null,
  driverError: null,
  inconclusiveSteps: 0,
  durationMs: 4000,
});

/** A mutant caught in run `runs` after `catchMs`, violating `requirements`. */
export function caught(name: string, catchMs: number, runs = 2, requirements = ['CT-REPLY']) {
  return MutantOutcome.parse({
    ...base(name),
    status: 'caught',
    caught: true,
    runsUntilCaught: runs,
    runsExecuted: runs,
    timeToCatchMs: catchMs,
    timeToShrinkMs: catchMs * 2,
    reproSteps: 3,
    requirements,
    requirementsMatch: requirements.includes('CT-REPLY'),
    reproPath: `out/mutants/${name}/repros/r1/scenario.json`,
    runResultPath: `out/mutants/${name}/run-result.json`,
  });
}

/** A mutant that survived the whole budget. */
export const missed = (name: string): MutantOutcome =>
  MutantOutcome.parse({ ...base(name), status: 'missed', caught: false });

/** A mutant whose driver failed. */
export const driverError = (name: string): MutantOutcome =>
  MutantOutcome.parse({
    ...base(name),
    status: 'driver-error',
    caught: false,
    driverError: 'run 0 at step 2: nft exited 1',
  });

/** A schema-valid `mutation-result.json` of `mutants` (one shard of `mutants --shard`). */
export function mutationResult(
  mutants: readonly MutantOutcome[],
  shard: Shard = { index: 1, count: 1 },
  seed = 1,
): MutationResult {
  return MutationResult.parse({
    version: 1,
    profile: 'safespring',
    backend: 'netns',
    seed,
    budget: 20,
    shard,
    limits: { maxSteps: 8, maxInstances: 4, probeTimeoutMs: 300, shrinkTimeLimitMs: 30_000 },
    startedAt: `2025-01-01T00:0${shard.index}:00.000Z`,
    durationMs: 10_000 * shard.index,
    score: mutationScore(mutants),
    mutants,
  });
}

/** As loaded: each caught mutant has the CT-REPLY repro. */
export function loaded(result: MutationResult): LoadedMutation {
  return {
    result,
    repros: Object.fromEntries(
      result.mutants.filter((m) => m.caught).map((m) => [m.name, ctReplyRepro]),
    ),
  };
}
