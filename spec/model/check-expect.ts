/**
 * The one judge of written `expect`s (authors' files, repros), used alike by `explain`,
 * `check` and `replay`: the model is the oracle, and a written `expect` it contradicts
 * is reported, never silently used.
 *
 * `expect` is a claim about what the receiver gets. A step the model calls a no-op
 * (a send on a TCP flow that was never established, a reply on a flow never admitted,
 * a send after a flush cut the flow) sends nothing, so nothing arrives: it satisfies
 * `delivered: false` and contradicts `delivered: true`. Steps naming what the file never
 * has are rejected before judging (strict parsing), so such a no-op is always a
 * deliberate state the author wrote, not a typo.
 */
import type { Expect, Step } from '../schema/scenario.ts';
import { evaluateScenario } from './step.ts';
import type { Expectation, ResolvedScenario } from './types.ts';

/** Whether the model agrees with a step's `expect`. */
export type ExpectVerdict =
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'agree' }
  | { readonly kind: 'contradicted'; readonly message: string };

/** The written `expect`s of a scenario, judged: what every command prints and exits on. */
export interface WrittenExpects {
  /** Steps that carry an `expect`. */
  readonly checked: number;
  /** 0-based step index and why the model contradicts its `expect`. */
  readonly contradicted: readonly { readonly index: number; readonly message: string }[];
}

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
          message: `expected ${describeExpect(expect)}, model: no-op, nothing is sent (${expectation.reason})`,
        }
      : { kind: 'agree' };
  if (expect.delivered !== expectation.delivered)
    return {
      kind: 'contradicted',
      message: `expected ${describeExpect(expect)}, model: ${expectation.delivered ? `delivered from ${expectation.seenFrom}` : 'blocked'} (${expectation.reason})`,
    };
  if (expect.delivered && expect.seenFrom !== undefined && expect.seenFrom !== expectation.seenFrom)
    return {
      kind: 'contradicted',
      message: `expected seen from ${expect.seenFrom}, model: seen from ${expectation.seenFrom} (${expectation.reason})`,
    };
  return { kind: 'agree' };
}

/** Folds per-step verdicts (in step order) into the summary every command reports. */
export function summariseWrittenExpects(verdicts: readonly ExpectVerdict[]): WrittenExpects {
  return {
    checked: verdicts.filter((v) => v.kind !== 'unchecked').length,
    contradicted: verdicts.flatMap((v, index) =>
      v.kind === 'contradicted' ? [{ index, message: v.message }] : [],
    ),
  };
}

/** Every written `expect` of `scenario` judged against the model's run of it. */
export function judgeWrittenExpects(scenario: ResolvedScenario): WrittenExpects {
  return summariseWrittenExpects(
    evaluateScenario(scenario).results.map((r) => checkExpect(expectOf(r.step), r.expectation)),
  );
}
