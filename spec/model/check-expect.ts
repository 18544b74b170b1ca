/** Compares an author's `expect` on a step with the model's expectation. */
import type { Expect, Step } from '../schema/scenario.ts';
import type { Expectation } from './types.ts';

/** Whether the model agrees with a step's `expect`. */
export type ExpectVerdict =
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'agree' }
  | { readonly kind: 'contradicted'; readonly message: string };

function describeExpect(expect: Expect): string {
  if (!expect.delivered) return 'blocked';
  return expect.seenFrom === undefined ? 'delivered' : `delivered from ${expect.seenFrom}`;
}

/** The `expect` a step carries, if any. */
export function expectOf(step: Step): Expect | undefined {
  return 'expect' in step ? step.expect : undefined;
}

/**
 * `agree` when the model predicts what `expect` says; `seenFrom` is compared only
 * when the author gave it. A no-op satisfies only "not delivered".
 */
export function checkExpect(expect: Expect | undefined, expectation: Expectation): ExpectVerdict {
  if (expect === undefined) return { kind: 'unchecked' };
  if (expectation.kind !== 'traffic')
    return expect.delivered
      ? {
          kind: 'contradicted',
          message: `expected ${describeExpect(expect)}, model: no-op (${expectation.reason})`,
        }
      : { kind: 'agree' };
  if (expect.delivered !== expectation.delivered)
    return {
      kind: 'contradicted',
      message: `expected ${describeExpect(expect)}, model: ${expectation.delivered ? `delivered from ${expectation.seenFrom}` : 'blocked'}`,
    };
  if (expect.delivered && expect.seenFrom !== undefined && expect.seenFrom !== expectation.seenFrom)
    return {
      kind: 'contradicted',
      message: `expected seen from ${expect.seenFrom}, model: seen from ${expectation.seenFrom}`,
    };
  return { kind: 'agree' };
}
