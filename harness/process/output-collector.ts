/**
 * Collects a command's output within a byte bound: the first `limit` bytes (`head`,
 * for stdout, whose start is what gets parsed) or the last `limit` bytes (`tail`, for
 * stderr, whose end usually says what went wrong).
 */
export class OutputCollector {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #cut = false;

  constructor(
    private readonly keep: 'head' | 'tail',
    private readonly limit: number,
  ) {}

  /** Adds `chunk`; false once the output went past the limit (something was dropped). */
  add(chunk: Buffer): boolean {
    if (this.keep === 'head') {
      const room = this.limit - this.#kept;
      if (chunk.length > room) {
        if (room > 0) this.#push(chunk.subarray(0, room));
        this.#cut = true;
        return false;
      }
      this.#push(chunk);
      return true;
    }
    this.#push(chunk);
    while (this.#kept > this.limit && this.#chunks.length > 0) {
      const first = this.#chunks[0] as Buffer;
      const excess = this.#kept - this.limit;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#kept -= first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#kept -= excess;
      }
      this.#cut = true;
    }
    return !this.#cut;
  }

  /** The kept output as UTF-8 text (a tail that was cut starts with `...`). */
  text(): string {
    const text = Buffer.concat(this.#chunks).toString('utf8');
    return this.keep === 'tail' && this.#cut ? `...${text}` : text;
  }

  #push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
  }
}
