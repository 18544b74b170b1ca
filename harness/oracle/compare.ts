/**
 * The oracle: compares what the model expects of a traffic step with what the
 * dataplane observed. Three-way on purpose: a probe that failed is never read as
 * "blocked" (docs/architecture.md, "Vocabulary").
 */
import { z } from 'zod';
import type { Expectation } from '../../spec/index.ts';
import type { Observation } from '../dataplane/index.ts';

/** The model's prediction for a traffic step. */
export type TrafficExpectation = Extract<Expectation, { kind: 'traffic' }>;

/** Outcome of one comparison. Results as data; the schema reads recorded ones back. */
export const OracleResult = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('agree') }).readonly(),
  z
    .object({
      verdict: z.literal('disagree'),
      /** Which part differs: delivery itself, or the source address the receiver saw. */
      field: z.enum(['delivered', 'seenFrom']),
      detail: z.string(),
    })
    .readonly(),
  z.object({ verdict: z.literal('inconclusive'), reason: z.string() }).readonly(),
]);
export type OracleResult = z.infer<typeof OracleResult>;

export type OracleVerdict = OracleResult['verdict'];

const fmt = (delivered: boolean): string => (delivered ? 'delivered' : 'blocked');

/**
 * Compares `expected` with `observed`. When the model names the source address the
 * receiver must see, a delivery observed without one is inconclusive: the address
 * (and any NAT on the path) went unchecked, which is never counted as agreement.
 */
export function compare(expected: TrafficExpectation, observed: Observation): OracleResult {
  if (observed.kind === 'inconclusive') {
    return { verdict: 'inconclusive', reason: observed.reason };
  }
  if (expected.delivered !== observed.delivered) {
    return {
      verdict: 'disagree',
      field: 'delivered',
      detail: `expected ${fmt(expected.delivered)}, observed ${fmt(observed.delivered)}`,
    };
  }
  if (!expected.delivered || expected.seenFrom === null) return { verdict: 'agree' };
  if (observed.seenFrom === null) {
    return {
      verdict: 'inconclusive',
      reason: `delivered, but the source address the receiver saw was not observed (expected ${expected.seenFrom})`,
    };
  }
  if (expected.seenFrom !== observed.seenFrom) {
    return {
      verdict: 'disagree',
      field: 'seenFrom',
      detail: `expected the receiver to see ${expected.seenFrom}, it saw ${observed.seenFrom}`,
    };
  }
  return { verdict: 'agree' };
}
