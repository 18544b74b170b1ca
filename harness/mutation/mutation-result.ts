/**
 * `mutation-result.json`: what `netconform mutants` found, as data. The report renders
 * it, so this schema is the contract between the `mutants` command and the report.
 */
import { z } from 'zod';
import { ProfileName } from '../../spec/index.ts';

/** How one mutant's run ended. */
export const MutantStatus = z.enum([
  /** A confirmed disagreement: the harness found the defect. */
  'caught',
  /** The whole budget ran without a confirmed disagreement. */
  'missed',
  /** The driver failed (non-zero exit, garbage): no verdict on the mutant. */
  'driver-error',
]);

/** One mutant's outcome. Figures of the catch are null unless `status` is `caught`. */
export const MutantOutcome = z.object({
  name: z.string(),
  /** The driver spec that was run, e.g. `mutant:stateless`. */
  driver: z.string(),
  /** Where such bugs come from in real agents. */
  origin: z.string(),
  status: MutantStatus,
  caught: z.boolean(),
  /** Runs executed up to and including the one that caught it (a count, from 1). */
  runsUntilCaught: z.number().int().positive().nullable(),
  /**
   * Index of the run that caught it, from 0 like `runIndex` in `run-result.json` and
   * the `-runN` of the repro folder.
   */
  caughtInRun: z.number().int().nonnegative().nullable(),
  /** Runs executed in all (the budget when missed). */
  runsExecuted: z.number().int().nonnegative(),
  /** From the start of the mutant's run to the confirmed disagreement. */
  timeToCatchMs: z.number().nonnegative().nullable(),
  timeToShrinkMs: z.number().nonnegative().nullable(),
  /** Steps of the shrunk repro. */
  reproSteps: z.number().int().nonnegative().nullable(),
  /** Requirement IDs the repro's disagreeing step blames (violated). */
  violated: z.array(z.string()),
  /** Requirement IDs that decided the disagreeing step's expectation but are not blamed. */
  involved: z.array(z.string()),
  /** Requirement IDs the mutant's catalogue entry says it violates. */
  expectedRequirements: z.array(z.string()),
  /** True when the repro blames something and only requirements among `expectedRequirements`. */
  requirementsMatch: z.boolean(),
  /** The repro's `scenario.json`, null without an output directory or a catch. */
  reproPath: z.string().nullable(),
  /** The mutant's own `run-result.json`, null without an output directory. */
  runResultPath: z.string().nullable(),
  /** Driver error message (`driver-error` only). */
  driverError: z.string().nullable(),
  inconclusiveSteps: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});

/** Mutation score and catch times over the mutants that were run. */
export const MutationScore = z.object({
  caught: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** caught / total * 100; 0 when no mutant ran. */
  percent: z.number().min(0).max(100),
  /** Over caught mutants only; null when none was caught. */
  medianTimeToCatchMs: z.number().nonnegative().nullable(),
  worstTimeToCatchMs: z.number().nonnegative().nullable(),
  medianTimeToShrinkMs: z.number().nonnegative().nullable(),
});

export const MutationResult = z.object({
  version: z.literal(1),
  profile: ProfileName,
  backend: z.string(),
  seed: z.number().int().nonnegative(),
  /** Runs each mutant may use. */
  budget: z.number().int().positive(),
  /** Shard of the mutant list (by mutant index), 1/1 for all. */
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }),
  limits: z.object({
    maxSteps: z.number().int().positive(),
    maxInstances: z.number().int().positive(),
    /** Absent in results written before `mutants --max-sites` existed: they used 1 site. */
    maxSites: z.number().int().positive().default(1),
    probeTimeoutMs: z.number().int().positive(),
    /** Shrinking time per caught mutant; null for none (repros fully shrunk). */
    shrinkTimeLimitMs: z.number().int().positive().nullable(),
    shrinkGoalSteps: z.number().int().positive().nullable().default(null),
  }),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  score: MutationScore,
  mutants: z.array(MutantOutcome),
});

export type MutantStatus = z.infer<typeof MutantStatus>;
export type MutantOutcome = z.infer<typeof MutantOutcome>;
export type MutationScore = z.infer<typeof MutationScore>;
export type MutationResult = z.infer<typeof MutationResult>;
