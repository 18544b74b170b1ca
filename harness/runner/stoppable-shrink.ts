/**
 * A stop switch for shrinking. Wrapping the arbitrary ends shrinking cleanly: once
 * `shouldStop` answers true, its shrink streams are empty, so fast-check stops between
 * candidates (no candidate is abandoned mid-run on the dataplane) and keeps the
 * smallest failure found so far.
 */
import fc from 'fast-check';

/** Same values as `inner`; shrink streams end as soon as `shouldStop()` is true. */
export class StoppableShrinkArbitrary<T> extends fc.Arbitrary<T> {
  #stopped = false;

  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly shouldStop: () => boolean,
  ) {
    super();
  }

  /** True once a shrink stream was cut short by `shouldStop`. */
  get stopped(): boolean {
    return this.#stopped;
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.inner.generate(mrng, biasFactor);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context).takeWhile(() => {
      if (this.shouldStop()) this.#stopped = true;
      return !this.#stopped;
    });
  }
}
