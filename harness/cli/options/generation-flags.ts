/**
 * The generator limits `run` and `mutants` share (`--max-steps`, `--max-instances`,
 * `--max-sites`): declared and parsed once, with the defaults of `GENERATOR_DEFAULTS`.
 */
import type { Command } from 'commander';
import { GENERATOR_DEFAULTS, GENERATOR_LIMITS } from '../../arbitraries/index.ts';
import { parseIntegerFlag } from './parse-flags.ts';

/** The generator-limit flags as commander hands them over (strings). */
export interface RawGenerationFlags {
  readonly maxSteps: string;
  readonly maxInstances: string;
  readonly maxSites: string;
}

/** The generator limits, checked. */
export interface GenerationFlags {
  readonly maxSteps: number;
  readonly maxInstances: number;
  readonly maxSites: number;
}

/** Adds `--max-steps`, `--max-instances` and `--max-sites` to `command`. */
export function withGenerationOptions(command: Command): Command {
  return command
    .option(
      '--max-steps <n>',
      'upper bound on steps per scenario',
      `${GENERATOR_DEFAULTS.maxSteps}`,
    )
    .option(
      '--max-instances <n>',
      'upper bound on instances per scenario',
      `${GENERATOR_DEFAULTS.maxInstances}`,
    )
    .option(
      '--max-sites <n>',
      'upper bound on sites per scenario (2 exercises NET-SITES: sites meet only through the Internet)',
      `${GENERATOR_DEFAULTS.maxSites}`,
    );
}

/** Parses the generator limits; a bad one throws `UsageError` naming its flag. */
export function parseGenerationFlags(raw: RawGenerationFlags): GenerationFlags {
  const limit = (flag: string, value: string, max: number): number =>
    parseIntegerFlag(flag, value, { min: 1, max });
  return {
    maxSteps: limit('--max-steps', raw.maxSteps, GENERATOR_LIMITS.maxSteps),
    maxInstances: limit('--max-instances', raw.maxInstances, GENERATOR_LIMITS.maxInstances),
    maxSites: limit('--max-sites', raw.maxSites, GENERATOR_LIMITS.maxSites),
  };
}
