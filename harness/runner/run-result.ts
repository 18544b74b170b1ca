/**
 * `run-result.json`: everything a `run` produced, as data. The HTML report is built
 * from this schema, so it is the contract between the runner and the report.
 */
import { z } from 'zod';
import { ProfileName } from '../../spec/index.ts';
import { PlumbingRecord } from './plumbing-choice.ts';
import { BlameRecord, DriverErrorRecord, ScenarioVerdict, StepRecord } from './step-record.ts';

/** What one scenario exercised (model tags, Cyclonus-style): see `scenarioCoverage`. */
export const RunCoverage = z.object({
  /** Requirement IDs that decided its traffic steps. */
  requirements: z.array(z.string()),
  /** Features: `pattern:`, `witness:`, `step:`, `match:`, `situation:`, `end:` tags. */
  features: z.array(z.string()),
});

/**
 * Schema note: `runSeed` was called `seed` in files written before 2026-12-02 (the
 * name `seed` is the whole run's seed everywhere else); such files still read.
 */
const renameLegacySeed = (raw: unknown): unknown => {
  if (typeof raw !== 'object' || raw === null || 'runSeed' in raw || !('seed' in raw)) return raw;
  const { seed, ...rest } = raw as Record<string, unknown>;
  return { ...rest, runSeed: seed };
};

/** One generated scenario's execution. */
const RunRecordObject = z.object({
  /** Run index k (0-based) within the whole run, not the shard. */
  index: z.number().int().nonnegative(),
  /** fast-check seed of this run: `mixSeed(seed, index)` (as in `DisagreementSummary`). */
  runSeed: z.number().int(),
  verdict: ScenarioVerdict,
  /**
   * Whether the dataplane was built for this run, reused as it was (same plumbing),
   * reshaped from the previous run's (only differing namespaces rebuilt), or failed.
   */
  dataplane: z.enum(['created', 'reused', 'reshaped', 'failed']),
  stepCount: z.number().int().nonnegative(),
  instanceCount: z.number().int().nonnegative(),
  durationMs: z.number(),
  steps: z.array(StepRecord),
  /** Why the run was inconclusive without steps (dataplane setup failure). */
  error: z.string().nullable(),
  /** What the steps it ran exercised. */
  coverage: RunCoverage,
});
export const RunRecord = z.preprocess(renameLegacySeed, RunRecordObject);

/** What the whole run exercised, against the profile's coverage targets. */
export const CoverageSummary = z.object({
  /** True when every requirement of the profile decided at least one traffic step. */
  allRequirementsExercised: z.boolean(),
  /** Requirements of the profile no traffic step exercised. */
  unexercised: z.array(z.string()),
  /** Coverage targets (`coverageTargets`) no run reached; requirement IDs included. */
  unmetTargets: z.array(z.string()),
  /** How many coverage targets there are. */
  targets: z.number().int().nonnegative(),
  /** Per feature, how many runs exercised it; sorted by feature. */
  features: z.array(z.object({ feature: z.string(), runs: z.number().int().positive() })),
});

/**
 * Per requirement ID: traffic steps whose expectation it decided, by verdict. A
 * disagreement counts in `disagree` where the requirement is blamed for it, in
 * `involved` where it only decided the expectation (or the blame was undetermined).
 */
export const RequirementTally = z.object({
  id: z.string(),
  steps: z.number().int().nonnegative(),
  agree: z.number().int().nonnegative(),
  disagree: z.number().int().nonnegative(),
  involved: z.number().int().nonnegative().default(0),
  inconclusive: z.number().int().nonnegative(),
});

export const ReproSummary = z.object({
  dir: z.string(),
  scenarioPath: z.string(),
  replayCommand: z.string(),
  steps: z.number().int().nonnegative(),
  /** What the disagreeing step blames. */
  blame: BlameRecord,
});

export const DisagreementSummary = z.object({
  runIndex: z.number().int().nonnegative(),
  runSeed: z.number().int(),
  /** From the start of the run to the confirmed disagreement. */
  foundAfterMs: z.number(),
  shrinkMs: z.number(),
  shrinkCandidates: z.number().int().nonnegative(),
  shrinkInterrupted: z.boolean(),
  /** fast-check counterexample path, null when the failure did not recur while shrinking. */
  path: z.string().nullable(),
  originalSteps: z.number().int().nonnegative(),
  shrunkSteps: z.number().int().nonnegative(),
  /** What the disagreeing step blames: violated and involved requirements. */
  blame: BlameRecord,
  /** Null when no output directory was given. */
  repro: ReproSummary.nullable(),
});

export const RunResult = z.object({
  version: z.literal(1),
  profile: ProfileName,
  driver: z.string(),
  backend: z.string(),
  /** The plumbing every scenario of the run was built with (absent in older files). */
  plumbing: PlumbingRecord.optional(),
  seed: z.number().int().nonnegative(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }),
  limits: z.object({
    runs: z.number().int().nonnegative(),
    maxSteps: z.number().int().positive(),
    maxInstances: z.number().int().positive(),
    maxSites: z.number().int().positive(),
    probeTimeoutMs: z.number().int().positive(),
    timeLimitMs: z.number().int().positive().nullable(),
    /** `--shrink-time`: shrinking time once a disagreement is found; null for none. */
    shrinkTimeLimitMs: z.number().int().positive().nullable().default(null),
    /** `--shrink-goal`: shrinking stops at a repro of at most this many steps whose blame is determined; null for none. */
    shrinkGoalSteps: z.number().int().positive().nullable().default(null),
  }),
  startedAt: z.string(),
  durationMs: z.number(),
  verdict: ScenarioVerdict,
  /** Why the run ended. */
  stoppedBy: z.enum(['completed', 'disagreement', 'driver-error', 'time-limit']),
  totals: z.object({
    /** Runs this shard owns. */
    runsPlanned: z.number().int().nonnegative(),
    runsExecuted: z.number().int().nonnegative(),
    dataplanesBuilt: z.number().int().nonnegative(),
    steps: z.number().int().nonnegative(),
    trafficSteps: z.number().int().nonnegative(),
    agree: z.number().int().nonnegative(),
    disagree: z.number().int().nonnegative(),
    /** Failed probes and unconfirmed disagreements. */
    inconclusive: z.number().int().nonnegative(),
    /** The part of `inconclusive` where a re-probe did not confirm a disagreement. */
    unconfirmed: z.number().int().nonnegative(),
    scenariosPerSecond: z.number().nonnegative(),
  }),
  requirements: z.array(RequirementTally),
  coverage: CoverageSummary,
  runs: z.array(RunRecord),
  disagreement: DisagreementSummary.nullable(),
  driverError: DriverErrorRecord.extend({ runIndex: z.number().int().nonnegative() }).nullable(),
});

export type RunCoverage = z.infer<typeof RunCoverage>;
export type RunRecord = z.output<typeof RunRecord>;
export type CoverageSummary = z.infer<typeof CoverageSummary>;
export type RequirementTally = z.infer<typeof RequirementTally>;
export type ReproSummary = z.infer<typeof ReproSummary>;
export type DisagreementSummary = z.infer<typeof DisagreementSummary>;
export type RunResult = z.infer<typeof RunResult>;
