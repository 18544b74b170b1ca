/**
 * Keeps listening for probes that were judged not delivered. A probe is called blocked
 * after a short adaptive wait (`adaptive-wait.ts`); its packet may still arrive later.
 * Every such probe is remembered with the evidence that would show it delivered (the
 * receiver's sighting of its token, and/or the sender's late answer), and `settle`
 * waits until each has had the full probe timeout before saying what arrived. So a
 * short wait never hides a packet the probe timeout would have seen.
 */
import type { LateArrival } from '../../harness/dataplane/index.ts';

/** One piece of evidence: `recv:TOKEN` (a receiver saw it) or `late:TOKEN` (the sender's late success). */
export type EvidenceKey = `recv:${string}` | `late:${string}`;

interface Sighting {
  readonly from: string | null;
  readonly at: number;
}

interface Pending {
  readonly probeId: string;
  /** All of these seen: delivered; any of them: something got through. */
  readonly evidence: readonly EvidenceKey[];
  readonly sentAt: number;
  readonly probeTimeoutMs: number;
  /**
   * `sentAt` plus the probe timeout: after this the probe is settled as it stands. A
   * settle that found nothing moves it one probe timeout further, once (`settle`).
   */
  deadline: number;
  extended: boolean;
  readonly seen: Map<EvidenceKey, Sighting>;
  /** Called once when every piece of evidence arrived (e.g. a late TCP connect makes its flow usable). */
  readonly onDelivered?: () => void;
}

/** Sightings nobody claimed yet are kept this long (a late answer may beat its registration). */
const UNCLAIMED_LIMIT = 2_000;

export class LateArrivals {
  readonly #pending = new Map<string, Pending>();
  /** Evidence key -> probe id, for the pending probes. */
  readonly #byEvidence = new Map<EvidenceKey, string>();
  readonly #unclaimed = new Map<EvidenceKey, Sighting>();
  #changed: (() => void)[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Remembers a probe judged not delivered. `evidence` lists what would show it
   * delivered; sightings that arrived before this call are claimed too.
   */
  expect(
    probeId: string,
    evidence: readonly EvidenceKey[],
    sentAt: number,
    probeTimeoutMs: number,
    onDelivered?: () => void,
  ): void {
    const pending: Pending = {
      probeId,
      evidence,
      sentAt,
      probeTimeoutMs,
      deadline: sentAt + probeTimeoutMs,
      extended: false,
      seen: new Map(),
      ...(onDelivered === undefined ? {} : { onDelivered }),
    };
    this.#pending.set(probeId, pending);
    for (const key of evidence) {
      this.#byEvidence.set(key, probeId);
      const early = this.#unclaimed.get(key);
      this.#unclaimed.delete(key);
      if (early !== undefined) this.#record(pending, key, early);
    }
  }

  /** A sighting from an agent that no live wait claimed. */
  seen(key: EvidenceKey, from: string | null): void {
    const sighting = { from, at: this.now() };
    const id = this.#byEvidence.get(key);
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (pending !== undefined) return this.#record(pending, key, sighting);
    if (this.#unclaimed.size >= UNCLAIMED_LIMIT) {
      const oldest = this.#unclaimed.keys().next().value;
      if (oldest !== undefined) this.#unclaimed.delete(oldest);
    }
    this.#unclaimed.set(key, sighting);
  }

  /**
   * Waits until each of `probeIds` (default: every pending probe) was either seen
   * delivered or has had its full probe timeout, then returns and forgets the ones of
   * which anything arrived. The others stay watched (until `clear`) and get a second
   * probe timeout: a later call waits for it, so a packet slower than the probe timeout
   * (a loaded machine) is still seen when the runner looks again on purpose.
   */
  async settle(probeIds?: readonly string[]): Promise<LateArrival[]> {
    const ids = probeIds ?? [...this.#pending.keys()];
    for (;;) {
      const open = ids
        .map((id) => this.#pending.get(id))
        .filter((p): p is Pending => p !== undefined && !delivered(p));
      const latest = Math.max(...open.map((p) => p.deadline));
      const left = latest - this.now();
      if (open.length === 0) break;
      if (left <= 0) {
        // Read what already waits in the agents' pipes before concluding (see TokenWaiter).
        await new Promise<void>((read) => setImmediate(read));
        break;
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          wake();
        }
        this.#changed.push(done);
      });
    }
    const arrivals: LateArrival[] = [];
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (pending === undefined) continue;
      const arrival = toArrival(pending);
      if (arrival === null) {
        if (!pending.extended) pending.deadline += pending.probeTimeoutMs;
        pending.extended = true;
        continue;
      }
      this.#forget(pending);
      arrivals.push(arrival);
    }
    return arrivals;
  }

  /** Forgets everything (the flows were reset). */
  clear(): void {
    this.#pending.clear();
    this.#byEvidence.clear();
    this.#unclaimed.clear();
    this.#wake();
  }

  /** How many probes are still pending. */
  get size(): number {
    return this.#pending.size;
  }

  #record(pending: Pending, key: EvidenceKey, sighting: Sighting): void {
    if (pending.seen.has(key)) return;
    pending.seen.set(key, sighting);
    if (delivered(pending)) pending.onDelivered?.();
    this.#wake();
  }

  #forget(pending: Pending): void {
    this.#pending.delete(pending.probeId);
    for (const key of pending.evidence) this.#byEvidence.delete(key);
  }

  #wake(): void {
    const waiting = this.#changed;
    this.#changed = [];
    for (const wake of waiting) wake();
  }
}

const delivered = (p: Pending): boolean => p.evidence.every((key) => p.seen.has(key));

function toArrival(p: Pending): LateArrival | null {
  if (p.seen.size === 0) return null;
  const sightings = [...p.seen.values()];
  const last = Math.max(...sightings.map((s) => s.at));
  return {
    probeId: p.probeId,
    delivered: delivered(p),
    seenFrom: sightings.find((s) => s.from !== null)?.from ?? null,
    arrivedAt: last,
    arrivedAfterMs: Math.max(0, last - p.sentAt),
  };
}
