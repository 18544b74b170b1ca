/**
 * Size and profile knobs for scenario generation. Small by default: short scenarios
 * shrink fast and most platform bugs show up within a handful of steps.
 */
import type { ProfileName } from '../../spec/index.ts';

/** What `scenarioArbitrary` generates. */
export interface GeneratorOptions {
  readonly profile: ProfileName;
  /** Upper bound on the number of steps of a scenario. */
  readonly maxSteps: number;
  /** Upper bound on the number of instances (at least one is generated). */
  readonly maxInstances: number;
  /** Upper bound on the number of sites; default 1. */
  readonly maxSites?: number;
  /**
   * Index of the run within a conformance run: its scenario starts with the coverage
   * focus of that index (`coverage-schedule.ts`). Without it, no focus.
   */
  readonly run?: number;
}

/** Limits imposed by the address plan (see `address-plan.ts`). */
export const GENERATOR_LIMITS = { maxSites: 4, maxInstances: 40, maxSteps: 200 } as const;

/**
 * The one record of generation defaults: `run`, `mutants` and the runner all read it,
 * so every command generates the same scenarios for the same seed. Two sites by default
 * exercise NET-SITES (sites meet only through the Internet).
 */
export const GENERATOR_DEFAULTS = { maxSteps: 8, maxInstances: 4, maxSites: 2 } as const;

/** Defaults used by the runner when the user passes only a profile. */
export const defaultGeneratorOptions = (profile: ProfileName): GeneratorOptions => ({
  profile,
  ...GENERATOR_DEFAULTS,
});

/** Options checked against the address plan, with `maxSites` filled in. */
export interface CheckedOptions {
  readonly profile: ProfileName;
  readonly maxSteps: number;
  readonly maxInstances: number;
  readonly maxSites: number;
  readonly run: number | undefined;
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `GeneratorOptions.${field} must be an integer in ${min}..${max} (got ${value}); ` +
        'the address plan has room for no more',
    );
  }
}

/** Validates options (a misuse throws with the field to fix). */
export function checkOptions(options: GeneratorOptions): CheckedOptions {
  const maxSites = options.maxSites ?? 1;
  checkRange('maxSites', maxSites, 1, GENERATOR_LIMITS.maxSites);
  checkRange('maxInstances', options.maxInstances, 1, GENERATOR_LIMITS.maxInstances);
  checkRange('maxSteps', options.maxSteps, 0, GENERATOR_LIMITS.maxSteps);
  return {
    profile: options.profile,
    maxSteps: options.maxSteps,
    maxInstances: options.maxInstances,
    maxSites,
    run: options.run,
  };
}
