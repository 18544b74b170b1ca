/**
 * What the runner records per step and per scenario. Zod schemas, because these
 * records end up in `run-result.json` and repro bundles that the report reads back.
 */
import { z } from 'zod';
import { Step, type Expectation } from '../../spec/index.ts';

const Requirements = z.array(z.string());

/** The model's expectation, as recorded. Mirrors `Expectation` in spec/model/types.ts. */
export const ExpectationRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('config'), requirements: Requirements, reason: z.string() }),
  z.object({ kind: z.literal('noop'), reason: z.string() }),
  z.object({ kind: z.literal('flow'), requirements: Requirements, reason: z.string() }),
  z.object({
    kind: z.literal('traffic'),
    delivered: z.boolean(),
    seenFrom: z.string().nullable(),
    requirements: Requirements,
    reason: z.string(),
  }),
]);

/** The dataplane's observation, as recorded. Mirrors `Observation` in the contract. */
export const ObservationRecord = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('observed'),
    delivered: z.boolean(),
    seenFrom: z.string().nullable(),
    elapsedMs: z.number(),
  }),
  z.object({ kind: z.literal('inconclusive'), reason: z.string(), elapsedMs: z.number() }),
]);

/** The oracle's answer, as recorded. Mirrors `OracleResult`. */
export const OracleRecord = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('agree') }),
  z.object({
    verdict: z.literal('disagree'),
    field: z.enum(['delivered', 'seenFrom']),
    detail: z.string(),
  }),
  z.object({ verdict: z.literal('inconclusive'), reason: z.string() }),
]);

/**
 * Which deciding requirements a confirmed disagreement blames (`blameStep` in spec/):
 * `violated` ones explain the observation, `involved` ones only decided the expectation.
 */
export const BlameRecord = z.object({
  violated: Requirements,
  involved: Requirements,
  /** True when no single requirement's relaxation explains the observation. */
  undetermined: z.boolean(),
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
  expectation: ExpectationRecord,
  /** Null when nothing ran on the dataplane (configuration and no-op steps). */
  observation: ObservationRecord.nullable(),
  oracle: OracleRecord.nullable(),
  /** The re-probe that confirmed (or not) a disagreement. */
  confirmation: z.object({ observation: ObservationRecord, oracle: OracleRecord }).nullable(),
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

export type ExpectationRecord = z.infer<typeof ExpectationRecord>;
export type ObservationRecord = z.infer<typeof ObservationRecord>;
export type OracleRecord = z.infer<typeof OracleRecord>;
export type StepVerdict = z.infer<typeof StepVerdict>;
export type BlameRecord = z.infer<typeof BlameRecord>;
export type StepRecord = z.infer<typeof StepRecord>;
export type ScenarioVerdict = z.infer<typeof ScenarioVerdict>;
export type DriverErrorRecord = z.infer<typeof DriverErrorRecord>;

/** A model expectation as a (mutable, plain) record. */
export function recordExpectation(expectation: Expectation): ExpectationRecord {
  return expectation.kind === 'noop'
    ? { ...expectation }
    : { ...expectation, requirements: [...expectation.requirements] };
}
