/** Validation of every `run` flag into the runner's options (exit 2 naming the flag). */
import type { Plumbing, ProfileName } from '../../../spec/index.ts';
import type { Shard } from '../../runner/index.ts';
import { parseDriverSpec } from '../../dataplane/driver-spec.ts';
import { UsageError } from '../../dataplane/exit-codes.ts';
import {
  parseGenerationFlags,
  type GenerationFlags,
  type RawGenerationFlags,
} from './generation-flags.ts';
import {
  parseIntegerFlag,
  parsePlumbingFlag,
  parseProbeTimeoutFlag,
  parseProfileFlag,
  parseSeedFlag,
  parseShardFlag,
  parseShrinkGoalFlag,
  parseShrinkTimeFlag,
  parseTimeLimitFlag,
} from './parse-flags.ts';
import { parseJobsFlag } from './jobs-flag.ts';

/** `run` flags as commander hands them over (strings). */
export interface RawRunFlags extends RawGenerationFlags {
  readonly profile: string;
  readonly driver: string;
  readonly backend: string;
  readonly plumbing?: string;
  readonly runs: string;
  readonly seed?: string;
  readonly timeLimit?: string;
  readonly shrinkTime?: string;
  readonly shrinkGoal?: string;
  readonly shard: string;
  readonly probeTimeout: string;
  readonly out: string;
  readonly jobs?: string;
}

export interface RunFlags extends GenerationFlags {
  readonly profile: ProfileName;
  readonly driver: string;
  readonly backend: string;
  /** `--plumbing`; undefined keeps the profile's default. */
  readonly plumbing: Plumbing | undefined;
  readonly runs: number;
  readonly seed: number;
  /** True when no `--seed` was given (the random seed is printed). */
  readonly seedWasRandom: boolean;
  readonly timeLimitMs: number | null;
  /** `--shrink-time`: null shrinks to the end (or to `--time-limit`). */
  readonly shrinkTimeLimitMs: number | null;
  /** `--shrink-goal`: null shrinks on past any repro size. */
  readonly shrinkGoalSteps: number | null;
  readonly shard: Shard;
  readonly probeTimeoutMs: number;
  readonly out: string;
  /** `--jobs`: scenarios in flight at once. */
  readonly jobs: number;
}

/** Parses every flag; the first bad one throws `UsageError`. */
export function parseRunFlags(raw: RawRunFlags, random: () => number = Math.random): RunFlags {
  if (raw.out.trim() === '')
    throw new UsageError('--out must name a directory, e.g. --out reports');
  // Checked up front (the registry checks mutant names and exec paths when wiring).
  parseDriverSpec(raw.driver);
  return {
    profile: parseProfileFlag(raw.profile),
    driver: raw.driver,
    backend: raw.backend,
    plumbing: parsePlumbingFlag(raw.plumbing, parseProfileFlag(raw.profile)),
    runs: parseIntegerFlag('--runs', raw.runs, { min: 1, max: 1_000_000 }),
    seed: parseSeedFlag(raw.seed, random),
    seedWasRandom: raw.seed === undefined,
    ...parseGenerationFlags(raw),
    timeLimitMs: parseTimeLimitFlag(raw.timeLimit),
    shrinkTimeLimitMs: parseShrinkTimeFlag(raw.shrinkTime),
    shrinkGoalSteps: parseShrinkGoalFlag(raw.shrinkGoal),
    shard: parseShardFlag(raw.shard),
    probeTimeoutMs: parseProbeTimeoutFlag(raw.probeTimeout),
    out: raw.out,
    jobs: parseJobsFlag(raw.jobs),
  };
}
