/**
 * Keeps one built dataplane and reuses it while consecutive scenarios share their
 * plumbing (`resetFlows()` instead of a rebuild, which costs far more), or reshapes it
 * when the backend can turn it into the next topology's by changing only what differs
 * (netns, routed: `containers/backends/netns/reshape-plan.ts`). The runner may
 * also `prepare()` the next scenario's dataplane while the current scenario runs (it
 * mostly waits out negative probes), so the build and agent starts cost no wall time.
 * Dispose it to destroy whatever it still holds.
 */
import type { ResolvedTopology } from '../../spec/index.ts';
import type { Dataplane, DataplaneBackend, DataplaneOptions } from '../dataplane/index.ts';
import { plumbingKey } from './plumbing-key.ts';

export interface Acquired {
  readonly dataplane: Dataplane;
  /** Built for this topology, reused as it was, or reshaped from the previous one. */
  readonly how: 'created' | 'reused' | 'reshaped';
}

/** One dataplane in use at a time, rebuilt only when the plumbing changes. */
export class DataplanePool implements AsyncDisposable {
  #current: { readonly key: string; readonly dataplane: Dataplane } | null = null;
  /** Builds started ahead of use, by plumbing key; they never reject (null: failed). */
  readonly #prepared = new Map<string, Promise<Dataplane | null>>();
  /** Background teardowns (replaced or unused dataplanes); `release` waits for them. */
  readonly #discarding = new Set<Promise<void>>();
  /** Their errors, thrown by `release`. */
  readonly #failures: unknown[] = [];
  #created = 0;
  #pendingTeardown: (() => Promise<void>) | null = null;

  constructor(
    private readonly backend: DataplaneBackend,
    private readonly options: DataplaneOptions,
  ) {}

  /** How many dataplanes this pool has built and used so far (unused prepared ones excluded). */
  get created(): number {
    return this.#created;
  }

  /**
   * Registers cleanup of the last scenario's driver. It runs only if the dataplane is
   * reused: destroying a dataplane removes the driver's rules anyway.
   */
  deferTeardown(teardown: () => Promise<void>): void {
    this.#pendingTeardown = teardown;
  }

  /**
   * Starts building, in the background, a dataplane for each of `upcoming` (the next
   * scenarios' topologies, in order) that the held or an already prepared one does not
   * cover, and tears down prepared ones that are no longer upcoming. A failed
   * background build is retried by `acquire`, whose error counts.
   */
  prepare(upcoming: readonly ResolvedTopology[]): void {
    const keys = upcoming.map((t) => plumbingKey(t));
    for (const [key, prepared] of this.#prepared) {
      if (keys.includes(key)) continue;
      this.#prepared.delete(key);
      this.#discard(prepared);
    }
    upcoming.forEach((topology, i) => {
      const key = keys[i] as string;
      if (this.#current?.key === key || this.#prepared.has(key)) return;
      // Reshaping the held one costs less than building another meanwhile.
      if (this.#current?.dataplane.canReshape?.(topology) === true) return;
      this.#prepared.set(
        key,
        this.backend.create(topology, this.options).catch(() => null),
      );
    });
  }

  /** A dataplane for `topology` with no open flows. Throws if the backend cannot build it. */
  async acquire(topology: ResolvedTopology): Promise<Acquired> {
    const key = plumbingKey(topology);
    const teardown = this.#pendingTeardown;
    this.#pendingTeardown = null;
    const current = this.#current;
    const same = current?.key === key;
    if (current !== null && (same || current.dataplane.canReshape?.(topology) === true)) {
      try {
        // Best effort: the next driver reconciles the full state anyway.
        await teardown?.().catch(() => undefined);
        await current.dataplane.resetFlows();
        if (same) return { dataplane: current.dataplane, how: 'reused' };
        if (await current.dataplane.reshape?.(topology)) {
          this.#current = { key, dataplane: current.dataplane };
          return { dataplane: current.dataplane, how: 'reshaped' };
        }
      } catch {
        // A dataplane that cannot reset or reshape is not trusted again: rebuild it.
      }
    }
    const prepared = this.#prepared.get(key);
    this.#prepared.delete(key);
    // The old dataplane is torn down while the new one runs; `release` reports errors.
    this.#discard(this.#detachCurrent());
    const dataplane = (await prepared) ?? (await this.backend.create(topology, this.options));
    this.#created += 1;
    this.#current = { key, dataplane };
    return { dataplane, how: 'created' };
  }

  /**
   * Destroys the held dataplane and any prepared one, and waits for the background
   * teardowns; throws the first teardown error (leftovers: `netconform cleanup`).
   */
  async release(): Promise<void> {
    this.#pendingTeardown = null;
    this.#discard(this.#detachCurrent());
    for (const prepared of this.#prepared.values()) this.#discard(prepared);
    this.#prepared.clear();
    while (this.#discarding.size > 0) await Promise.all(this.#discarding);
    const failures = this.#failures.splice(0);
    if (failures.length > 0) throw failures[0];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  #detachCurrent(): Dataplane | null {
    const current = this.#current;
    this.#current = null;
    return current?.dataplane ?? null;
  }

  /** Destroys `dataplane` in the background; `release` waits for it and reports failures. */
  #discard(dataplane: Dataplane | Promise<Dataplane | null> | null): void {
    if (dataplane === null) return;
    const teardown: Promise<void> = Promise.resolve(dataplane)
      .then(async (d) => void (await d?.destroy()))
      .catch((error: unknown) => void this.#failures.push(error))
      .finally(() => this.#discarding.delete(teardown));
    this.#discarding.add(teardown);
  }
}
