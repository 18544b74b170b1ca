/**
 * A counting gate: at most `limit` tasks run at once, the rest wait in arrival order.
 * Bounds how many probe agents start together (each is a Node process of ~45 MB that
 * spends its first ~50 ms compiling), so a large topology starts them in waves
 * instead of forking one per endpoint at the same instant.
 */
export class StartGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`a start gate needs a limit of at least 1, got ${limit}`);
    }
  }

  /** Runs `task` once fewer than `limit` others run; resolves or rejects with it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same) or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
