/**
 * Keeps one built dataplane and reuses it while consecutive scenarios share their
 * plumbing (`resetFlows()` instead of a rebuild, which costs far more). Dispose it to
 * destroy whatever it still holds.
 */
import type { ResolvedTopology } from '../../spec/index.ts';
import type { Dataplane, DataplaneBackend, DataplaneOptions } from '../dataplane/index.ts';
import { plumbingKey } from './plumbing-key.ts';

export interface Acquired {
  readonly dataplane: Dataplane;
  readonly reused: boolean;
}

/** One dataplane at a time, rebuilt only when the plumbing changes. */
export class DataplanePool implements AsyncDisposable {
  #current: { readonly key: string; readonly dataplane: Dataplane } | null = null;
  #created = 0;
  #pendingTeardown: (() => Promise<void>) | null = null;

  constructor(
    private readonly backend: DataplaneBackend,
    private readonly options: DataplaneOptions,
  ) {}

  /** How many dataplanes this pool has built so far. */
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

  /** A dataplane for `topology` with no open flows. Throws if the backend cannot build it. */
  async acquire(topology: ResolvedTopology): Promise<Acquired> {
    const key = plumbingKey(topology);
    const teardown = this.#pendingTeardown;
    this.#pendingTeardown = null;
    if (this.#current?.key === key) {
      try {
        // Best effort: the next driver reconciles the full state anyway.
        await teardown?.().catch(() => undefined);
        await this.#current.dataplane.resetFlows();
        return { dataplane: this.#current.dataplane, reused: true };
      } catch {
        // A dataplane that cannot reset is not trusted again: rebuild it.
      }
    }
    await this.release();
    const dataplane = await this.backend.create(topology, this.options);
    this.#created += 1;
    this.#current = { key, dataplane };
    return { dataplane, reused: false };
  }

  /** Destroys the held dataplane, if any. */
  async release(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    this.#pendingTeardown = null;
    if (current !== null) await current.dataplane.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}
