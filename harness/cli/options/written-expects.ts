/**
 * What `explain`, `check` and `replay` print about a file's written `expect`s: one
 * judge (`judgeWrittenExpects` in spec/), one rendering, one exit rule.
 */
import type { WrittenExpects } from '../../../spec/index.ts';
import type { StepRecord } from '../../runner/index.ts';

/** `written expects: 3 checked, 1 contradicted by the model`. */
export function writtenExpectSummary(written: WrittenExpects): string {
  return `written expects: ${written.checked} checked, ${written.contradicted.length} contradicted by the model`;
}

/** The summary and one line per contradiction. */
export function writtenExpectLines(written: WrittenExpects): string[] {
  return [
    writtenExpectSummary(written),
    ...written.contradicted.map((c) => `  step ${c.index + 1}: ${c.message}`),
  ];
}

/**
 * True when no step was compared with the dataplane (no traffic step, or every one a
 * model no-op): such a check proves nothing, so it is not a pass.
 */
export function comparedNothing(steps: readonly StepRecord[]): boolean {
  return !steps.some((s) => s.verdict === 'agree' || s.verdict === 'disagree');
}
