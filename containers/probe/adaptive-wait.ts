/**
 * How long a probe waits before it is called blocked: adapted to the latency of the
 * probes that were delivered, between a floor and the probe timeout (the user's
 * ceiling). Calling a probe blocked early is safe because its packet is still watched
 * for until the probe timeout has passed (`late-arrivals.ts`); a wait that is too short
 * only costs the patient check of an expected delivery, never a verdict.
 */

/** Delivered-probe latencies kept (the most recent ones). */
export const LATENCY_WINDOW = 64;
/** Below this many samples the wait is the probe timeout itself. */
export const MIN_SAMPLES = 8;
/** The wait is this multiple of the recent 90th-percentile latency... */
export const LATENCY_FACTOR = 4;
/** ...but never shorter than this. */
export const WAIT_FLOOR_MS = 25;

/** The adaptive wait of one process's probes (docs/cli.md, "Probe timeout"). */
export class AdaptiveWait {
  readonly #samples: number[] = [];

  /** Records the latency of a delivered probe (from "sent" to the token seen). */
  record(latencyMs: number): void {
    this.#samples.push(Math.max(0, latencyMs));
    if (this.#samples.length > LATENCY_WINDOW) this.#samples.shift();
  }

  /**
   * `clamp(LATENCY_FACTOR x p90(recent latencies), WAIT_FLOOR_MS, probeTimeoutMs)`;
   * `probeTimeoutMs` until `MIN_SAMPLES` delivered probes were measured.
   */
  blockedAfterMs(probeTimeoutMs: number): number {
    if (this.#samples.length < MIN_SAMPLES) return probeTimeoutMs;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] as number;
    const wait = Math.ceil(LATENCY_FACTOR * p90);
    return Math.min(probeTimeoutMs, Math.max(WAIT_FLOOR_MS, wait));
  }
}

/**
 * One per process: the latency is the machine's (its load, its kernel), not one
 * dataplane's, and the runner builds many dataplanes in a run.
 */
export const processWait = new AdaptiveWait();
