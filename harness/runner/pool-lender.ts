/**
 * Lends the runner's dataplane pools (one per job) to shrink candidates: a candidate
 * fast-check waits for borrows one (waiting for a free pool); a speculative one only
 * takes a pool that is free now.
 */
import type { DataplanePool } from './dataplane-pool.ts';

export class PoolLender {
  readonly #free: DataplanePool[];
  readonly #waiting: ((pool: DataplanePool) => void)[] = [];

  /** `pools[0]` is lent first (the job that found the failure holds its dataplane). */
  constructor(pools: readonly DataplanePool[]) {
    this.#free = [...pools];
  }

  /** A free pool now, or null. */
  tryBorrow(): DataplanePool | null {
    return this.#free.shift() ?? null;
  }

  /** A pool, once one is free. */
  borrow(): Promise<DataplanePool> {
    const pool = this.tryBorrow();
    if (pool !== null) return Promise.resolve(pool);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  giveBack(pool: DataplanePool): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter(pool);
    else this.#free.unshift(pool);
  }
}
