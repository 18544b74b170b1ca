/**
 * Waits for tokens reported by any agent. Register the wait before sending, so a fast
 * answer can never arrive unobserved; a wait that times out means "not delivered".
 */
export interface TokenWait {
  /** The peer address the receiver saw, or null when nothing arrived in time. */
  readonly seen: Promise<string | null>;
  /** Stops waiting now (resolves `seen` with null). */
  cancel(): void;
}

export class TokenWaiter {
  private readonly waiting = new Map<string, (from: string | null) => void>();

  /** Waits up to `timeoutMs` for `token`. */
  wait(token: string, timeoutMs: number): TokenWait {
    let finish: (from: string | null) => void = () => undefined;
    const seen = new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => finish(null), timeoutMs);
      finish = (from) => {
        clearTimeout(timer);
        this.waiting.delete(token);
        resolve(from);
      };
    });
    this.waiting.set(token, finish);
    return { seen, cancel: () => finish(null) };
  }

  /** Called for every token an agent received. Late or unknown tokens are ignored. */
  received(token: string, from: string): void {
    this.waiting.get(token)?.(from);
  }
}
