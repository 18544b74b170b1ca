/**
 * Lets the shrinker remove single steps from inside a template. A template is a
 * fixed pattern, so without this a minimal repro would keep every step of it.
 */
import fc from 'fast-check';

/** Longest template (steps); longer ones keep their tail. */
const MAX_TEMPLATE_STEPS = 8;

/**
 * Rarely true when generated; shrinks to true (cross-shrinking to the first branch),
 * so fast-check tries dropping each step.
 */
const dropFlag = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant(true), weight: 1 },
  { arbitrary: fc.constant(false), weight: 31 },
);

/** `template` with each step individually droppable during shrinking. */
export function droppable<T>(template: fc.Arbitrary<readonly T[]>): fc.Arbitrary<T[]> {
  return fc
    .tuple(
      template,
      fc.array(dropFlag, { minLength: MAX_TEMPLATE_STEPS, maxLength: MAX_TEMPLATE_STEPS }),
    )
    .map(([steps, drop]) => steps.filter((_, i) => drop[i] !== true));
}
