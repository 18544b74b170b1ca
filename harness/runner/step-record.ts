/**
 * What the runner records per step and per scenario. Zod schemas, because these
 * records end up in `run-result.json` and repro bundles that the report reads back.
 */
import { z } from 'zod';
import { Expectation, RequirementId, Step } from '../../spec/index.ts';
import { Observation } from '../dataplane/index.ts';
import { OracleResult } from '../oracle/index.ts';

const Requirements = z.array(RequirementId);

/**
 * Which deciding requirements a confirmed disagreement blames (`blameStep` in spec/):
 * `violated` ones explain the observation, `involved` ones only decided the expectation.
 */
export const BlameRecord = z.object({
  violated: Requirements,
  involved: Requirements,
  /** True when nothing is blamed: no requirement's relaxation explains the observations, or several do alike. */
  undetermined: z.boolean(),
  /** When undetermined: the requirements the observations (follow-up probes included) could not separate. */
  candidates: Requirements.optional(),
});

/**
 * A step's verdict. `inconclusive` covers failed probes and disagreements the
 * re-probe did not confirm (`unconfirmed` tells them apart).
 */
export const StepVerdict = z.enum([
  'agree',
  'disagree',
  'inconclusive',
  'applied',
  'noop',
  'driver-error',
]);

export const StepRecord = z.object({
  /** 0-based position in the scenario's steps. */
  index: z.number().int().nonnegative(),
  step: Step,
  expectation: Expectation,
  /** Null when nothing ran on the dataplane (configuration and no-op steps). */
  observation: Observation.nullable(),
  oracle: OracleResult.nullable(),
  /** The re-probe that confirmed (or not) a disagreement. */
  confirmation: z.object({ observation: Observation, oracle: OracleResult }).nullable(),
  verdict: StepVerdict,
  /** True when the first comparison disagreed but the re-probe did not. */
  unconfirmed: z.boolean(),
  requirements: Requirements,
  /** Set on a confirmed disagreement; null on every other step. */
  blame: BlameRecord.nullable().default(null),
  elapsedMs: z.number(),
  /** Driver error message, or why a step was inconclusive. */
  note: z.string().nullable(),
});

export const ScenarioVerdict = z.enum(['agree', 'disagree', 'inconclusive', 'driver-error']);

export const DriverErrorRecord = z.object({
  /** Step index, or null when applying the scenario's initial state failed. */
  step: z.number().int().nullable(),
  message: z.string(),
  stderr: z.string(),
});

export type StepVerdict = z.infer<typeof StepVerdict>;
export type BlameRecord = z.infer<typeof BlameRecord>;
export type StepRecord = z.infer<typeof StepRecord>;
export type ScenarioVerdict = z.infer<typeof ScenarioVerdict>;
export type DriverErrorRecord = z.infer<typeof DriverErrorRecord>;
