/** Validation of every `mutants` flag (exit 2 naming the flag), reusing the `run` parsers. */
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
} from './parse-flags.ts';
import { parseJobsFlag } from './jobs-flag.ts';
import { UsageError } from '../../dataplane/exit-codes.ts';
import type { Plumbing, ProfileName } from '../../../spec/index.ts';
import type { Shard } from '../../runner/index.ts';

/** `mutants` flags as commander hands them over (strings). */
export interface RawMutantsFlags extends RawGenerationFlags {
  readonly budget: string;
  readonly seed?: string;
  readonly only?: string;
  readonly backend: string;
  readonly plumbing?: string;
  readonly profile: string;
  readonly shard: string;
  readonly probeTimeout: string;
  readonly shrinkTime: string;
  readonly shrinkGoal?: string;
  readonly out: string;
  readonly json?: boolean;
  readonly jobs?: string;
}

export interface MutantsFlags extends GenerationFlags {
  readonly budget: number;
  readonly seed: number;
  readonly seedWasRandom: boolean;
  /** Raw `--only` list; names are checked against the catalogue by `selectOnly`. */
  readonly only: string | undefined;
  readonly backend: string;
  /** `--plumbing`; undefined keeps the profile's default. */
  readonly plumbing: Plumbing | undefined;
  readonly profile: ProfileName;
  /** Shard of the mutant list, by mutant index. */
  readonly shard: Shard;
  readonly probeTimeoutMs: number;
  /** `--shrink-time SEC` in ms; null (`--shrink-time 0`) shrinks to the end. */
  readonly shrinkTimeLimitMs: number | null;
  /** `--shrink-goal`: null shrinks on past any repro size. */
  readonly shrinkGoalSteps: number | null;
  readonly out: string;
  readonly json: boolean;
  /** `--jobs`: scenarios of a mutant's run in flight at once. */
  readonly jobs: number;
}

/** Parses every flag; the first bad one throws `UsageError`. */
export function parseMutantsFlags(
  raw: RawMutantsFlags,
  random: () => number = Math.random,
): MutantsFlags {
  if (raw.out.trim() === '')
    throw new UsageError('--out must name a directory, e.g. --out reports');
  return {
    budget: parseIntegerFlag('--budget', raw.budget, { min: 1, max: 1_000_000 }),
    seed: parseSeedFlag(raw.seed, random),
    seedWasRandom: raw.seed === undefined,
    only: raw.only,
    backend: raw.backend,
    plumbing: parsePlumbingFlag(raw.plumbing, parseProfileFlag(raw.profile)),
    profile: parseProfileFlag(raw.profile),
    shard: parseShardFlag(raw.shard),
    ...parseGenerationFlags(raw),
    probeTimeoutMs: parseProbeTimeoutFlag(raw.probeTimeout),
    shrinkTimeLimitMs: parseShrinkTimeFlag(raw.shrinkTime),
    shrinkGoalSteps: parseShrinkGoalFlag(raw.shrinkGoal),
    jobs: parseJobsFlag(raw.jobs),
    out: raw.out,
    json: raw.json === true,
  };
}
