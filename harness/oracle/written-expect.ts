/**
 * A scenario file may carry `expect` on traffic steps (authors, repros). The model is
 * the oracle; a written `expect` that contradicts it is reported, never silently used.
 */
import type { Expect, Expectation } from '../../spec/index.ts';

/** Why `written` contradicts the model's `expectation`, or null when it does not. */
export function writtenExpectConflict(written: Expect, expectation: Expectation): string | null {
  if (expectation.kind !== 'traffic') {
    return `the file expects delivered=${written.delivered} but the model calls this step a ${expectation.kind} (${expectation.reason})`;
  }
  if (written.delivered !== expectation.delivered) {
    return `the file expects delivered=${written.delivered}, the model says delivered=${expectation.delivered} (${expectation.reason})`;
  }
  if (
    written.delivered &&
    written.seenFrom !== undefined &&
    expectation.seenFrom !== null &&
    written.seenFrom !== expectation.seenFrom
  ) {
    return `the file expects the receiver to see ${written.seenFrom}, the model says ${expectation.seenFrom}`;
  }
  return null;
}
