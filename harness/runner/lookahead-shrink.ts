/**
 * Speculative shrinking for `--jobs N`: fast-check tries shrink candidates one at a
 * time, in order, and keeps the first that still fails. Wrapping the arbitrary lets
 * the runner see the next candidates of a shrink stream before fast-check asks for
 * them, so it can start running them on idle dataplanes. fast-check still judges them
 * in its own order, so the shrunk scenario is the one a single job finds.
 */
import fc from 'fast-check';

/** Same values and shrink order as `inner`; `ahead(value)` sees each candidate early. */
export class LookaheadShrinkArbitrary<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    /** How many candidates to look ahead of the one fast-check asks for. */
    private readonly width: number,
    private readonly ahead: (value: T) => void,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.inner.generate(mrng, biasFactor);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    const source = this.inner.shrink(value, context);
    if (this.width <= 0) return source;
    const width = this.width;
    const ahead = this.ahead;
    function* lookahead(): Generator<fc.Value<T>> {
      const buffer: fc.Value<T>[] = [];
      let exhausted = false;
      for (;;) {
        // Keep `width` candidates beyond the one handed out, telling `ahead` of each.
        while (!exhausted && buffer.length <= width) {
          const next = source.next();
          if (next.done === true) exhausted = true;
          else {
            buffer.push(next.value);
            ahead(next.value.value_);
          }
        }
        const candidate = buffer.shift();
        if (candidate === undefined) return;
        yield candidate;
      }
    }
    return new fc.Stream(lookahead());
  }
}
