/**
 * One netns dataplane pool per describe block, built once for every check in it (the
 * scenarios of a block share their plumbing): `check(scenario, driver)` runs one
 * scenario with `--driver driver` on it.
 */
import { afterAll, beforeAll } from 'vitest';
import { backends } from '../../containers/backends/index.ts';
import { createDriver } from '../../containers/drivers/index.ts';
import { DataplanePool, checkScenario, type CheckResult } from '../../harness/runner/index.ts';
import type { Plumbing, ResolvedScenario } from '../../spec/index.ts';
import { PROBE_TIMEOUT_MS } from './dataplane-suite.ts';

/** Registers the pool's hooks in the calling describe block; returns its checker. */
export function pooledNetnsCheck(
  plumbing: Plumbing,
): (scenario: ResolvedScenario, driver: string) => Promise<CheckResult> {
  let pool: DataplanePool;
  beforeAll(() => {
    pool = new DataplanePool(backends.netns!, { probeTimeoutMs: PROBE_TIMEOUT_MS, plumbing });
  });
  afterAll(async () => {
    await pool.release();
  });
  return (scenario, driver) =>
    checkScenario(scenario, {
      backend: backends.netns!,
      driverFactory: () => createDriver(driver),
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      plumbing,
      pool,
    });
}
