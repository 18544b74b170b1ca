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

/**
 * Always false when generated (and draws no randomness); shrinks to true. For
 * templates whose every step must be there, such as the coverage focus.
 */
class KeptUntilShrunk extends fc.Arbitrary<boolean> {
  generate(): fc.Value<boolean> {
    return new fc.Value(false, undefined);
  }
  canShrinkWithoutContext(value: unknown): value is boolean {
    return typeof value === 'boolean';
  }
  shrink(value: boolean): fc.Stream<fc.Value<boolean>> {
    return value ? fc.Stream.nil() : fc.Stream.of(new fc.Value(true, undefined));
  }
}

/**
 * `template` with each step individually droppable during shrinking; `generated`
 * says whether a generated template already misses a step now and then.
 */
export function droppable<T>(
  template: fc.Arbitrary<readonly T[]>,
  generated: 'rarely-dropped' | 'whole' = 'rarely-dropped',
): fc.Arbitrary<T[]> {
  const flag = generated === 'whole' ? new KeptUntilShrunk() : dropFlag;
  return fc
    .tuple(
      template,
      fc.array(flag, { minLength: MAX_TEMPLATE_STEPS, maxLength: MAX_TEMPLATE_STEPS }),
    )
    .map(([steps, drop]) => steps.filter((_, i) => drop[i] !== true));
}
