/**
 * Waits for tokens reported by any agent. Register the wait before sending, so a fast
 * answer can never arrive unobserved; a wait that times out means "not delivered".
 */
export interface TokenWait {
  /** The peer address the receiver saw, or null when nothing arrived in time. */
  readonly seen: Promise<string | null>;
  /** Stops waiting now (resolves `seen` with null). */
  cancel(): void;
  /**
   * Restarts the timeout: nothing arriving within `timeoutMs` from now means not
   * delivered. No effect once `seen` has resolved.
   */
  restart(timeoutMs: number): void;
}

export class TokenWaiter {
  private readonly waiting = new Map<string, (from: string | null) => void>();

  /** `unclaimed` gets every token nobody waits for (late arrivals: `late-arrivals.ts`). */
  constructor(private readonly unclaimed?: (token: string, from: string) => void) {}

  /** Waits up to `timeoutMs` for `token`. */
  wait(token: string, timeoutMs: number): TokenWait {
    let finish: (from: string | null) => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const seen = new Promise<string | null>((resolve) => {
      finish = (from) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.waiting.delete(token);
        resolve(from);
      };
    });
    const restart = (ms: number): void => {
      if (done) return;
      clearTimeout(timer);
      // A starved process wakes with the timer and the token's line both due: timers
      // run first, so decide only after the I/O already waiting was read.
      timer = setTimeout(() => setImmediate(() => finish(null)), ms);
    };
    restart(timeoutMs);
    this.waiting.set(token, finish);
    return { seen, cancel: () => finish(null), restart };
  }

  /** Called for every token an agent received; a token nobody waits for goes to `unclaimed`. */
  received(token: string, from: string): void {
    const waiting = this.waiting.get(token);
    if (waiting) waiting(from);
    else this.unclaimed?.(token, from);
  }
}
