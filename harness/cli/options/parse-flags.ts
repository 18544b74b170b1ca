/**
 * Flag parsing shared by `check`, `run` and `replay`. Every error names the flag,
 * what was wrong and what to pass instead (exit code 2 through `UsageError`).
 */
import { UsageError } from '../../dataplane/exit-codes.ts';
import { ProfileName, profiles, type Plumbing } from '../../../spec/index.ts';
import type { Shard } from '../../runner/index.ts';

export interface IntegerBounds {
  readonly min: number;
  readonly max?: number;
}

/** Parses a decimal integer flag (or environment variable, `NAME=value`) within `bounds`. */
export function parseIntegerFlag(flag: string, raw: string, bounds: IntegerBounds): number {
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const range =
    bounds.max === undefined ? `an integer >= ${bounds.min}` : `an integer ${bounds.min}..${max}`;
  if (!/^\d+$/.test(raw.trim())) {
    const example = flag.startsWith('-') ? `${flag} ${bounds.min}` : `${flag}=${bounds.min}`;
    throw new UsageError(`${flag} must be ${range}, got "${raw}"; e.g. ${example}`);
  }
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < bounds.min || value > max) {
    throw new UsageError(`${flag} must be ${range}, got ${raw}`);
  }
  return value;
}

/** `--shard i/n`: 1 <= i <= n. */
export function parseShardFlag(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const fix = 'pass --shard i/n with 1 <= i <= n, e.g. --shard 2/4';
  if (m === null) throw new UsageError(`--shard must look like i/n, got "${raw}"; ${fix}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${raw} is out of range; ${fix}`);
  }
  return { index, count };
}

/** `--profile`'s help line, naming every profile. */
export const PROFILE_HELP = `platform semantics: ${ProfileName.options.join(', ')}`;

/** `--profile`: one of the known profiles. */
export function parseProfileFlag(raw: string): ProfileName {
  const parsed = ProfileName.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new UsageError(`--profile must be one of ${ProfileName.options.join(', ')}, got "${raw}"`);
}

/** Largest `--seed` (fast-check seeds are 32-bit). */
export const MAX_SEED = 0xffffffff;

/** `--seed`: a uint32; absent means a random seed (which the caller prints). */
export function parseSeedFlag(raw: string | undefined, random: () => number = Math.random): number {
  if (raw === undefined) return Math.floor(random() * (MAX_SEED + 1));
  return parseIntegerFlag('--seed', raw, { min: 0, max: MAX_SEED });
}

/** `--time-limit SEC` (seconds, >= 1) in milliseconds; absent means no limit. */
export function parseTimeLimitFlag(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  return parseIntegerFlag('--time-limit', raw, { min: 1, max: 7 * 24 * 3600 }) * 1000;
}

/**
 * `--shrink-time SEC` (run, mutants): shrinking time once a disagreement is found, in
 * ms; null (flag absent or 0) shrinks to the end.
 */
export function parseShrinkTimeFlag(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const seconds = parseIntegerFlag('--shrink-time', raw, { min: 0, max: 24 * 3600 });
  return seconds === 0 ? null : seconds * 1000;
}

/**
 * `--shrink-goal STEPS` (run, mutants): shrinking stops once the repro has at most this
 * many steps; null (flag absent or 0) shrinks on.
 */
export function parseShrinkGoalFlag(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const steps = parseIntegerFlag('--shrink-goal', raw, { min: 0, max: 10_000 });
  return steps === 0 ? null : steps;
}

/** `--probe-timeout MS`: how long a negative probe waits. */
export function parseProbeTimeoutFlag(raw: string): number {
  return parseIntegerFlag('--probe-timeout', raw, { min: 20, max: 60_000 });
}

/** Values `--plumbing` accepts. */
export const PLUMBING_VALUES = [
  'routed',
  'bridged',
  'bridged:generic',
  'bridged:neutron',
  'bridged:cloudstack',
] as const;

/**
 * `--plumbing`: absent keeps the profile's default; `bridged` takes the profile's naming
 * flavour when it has one (else generic); `bridged:FLAVOUR` names it.
 */
export function parsePlumbingFlag(
  raw: string | undefined,
  profile: ProfileName,
): Plumbing | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === 'routed') return { mode: 'routed' };
  if (value === 'bridged') {
    const own = profiles[profile].plumbing;
    return own.mode === 'bridged' ? own : { mode: 'bridged', flavour: 'generic' };
  }
  const m = /^bridged:(generic|neutron|cloudstack)$/.exec(value);
  if (m !== null) return { mode: 'bridged', flavour: m[1] as 'generic' | 'neutron' | 'cloudstack' };
  throw new UsageError(
    `--plumbing must be one of ${PLUMBING_VALUES.join(', ')}, got "${raw}" (omit it for the profile's default)`,
  );
}

/** `routed` or `bridged:FLAVOUR`, as printed in headers. */
export function describePlumbing(plumbing: Plumbing): string {
  return plumbing.mode === 'bridged' ? `bridged:${plumbing.flavour}` : plumbing.mode;
}
