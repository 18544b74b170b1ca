/**
 * One scenario on a pooled dataplane with a fresh driver (mutants may keep state
 * between calls, so a driver never outlives its scenario).
 */
import type { ResolvedScenario, ResolvedTopology } from '../../spec/index.ts';
import { UsageError, type FirewallDriver } from '../dataplane/index.ts';
import type { Acquired, DataplanePool } from './dataplane-pool.ts';
import {
  executeScenario,
  type ExecuteOptions,
  type ScenarioExecution,
} from './execute-scenario.ts';

/** Makes a fresh driver for each scenario. */
export type DriverFactory = () => FirewallDriver;

export type PooledRun =
  | {
      readonly kind: 'executed';
      readonly execution: ScenarioExecution;
      readonly dataplane: Acquired['how'];
    }
  /**
   * The backend could not build the topology: infrastructure, so inconclusive. A
   * topology the plumbing cannot express is bad input instead: `runOnPool` throws its
   * `UsageError`, as every scenario of that run or file would meet it.
   */
  | { readonly kind: 'setup-failed'; readonly reason: string; readonly durationMs: number };

export interface PoolRunOptions extends ExecuteOptions {
  /** Topologies of the scenarios that run next: their dataplanes are built meanwhile. */
  readonly upcoming?: readonly ResolvedTopology[];
}

/** Acquires a dataplane for `scenario` and runs it; the driver's teardown is deferred to the pool. */
export async function runOnPool(
  pool: DataplanePool,
  scenario: ResolvedScenario,
  driverFactory: DriverFactory,
  options: PoolRunOptions,
): Promise<PooledRun> {
  const started = performance.now();
  let acquired;
  try {
    acquired = await pool.acquire(scenario.topology);
  } catch (error) {
    await pool.release().catch(() => undefined);
    if (error instanceof UsageError) throw error;
    return {
      kind: 'setup-failed',
      reason: `building the dataplane failed: ${(error as Error).message}`,
      durationMs: performance.now() - started,
    };
  }
  if (options.upcoming !== undefined) pool.prepare(options.upcoming);
  const driver = driverFactory();
  const execution = await executeScenario(scenario, acquired.dataplane, driver, options);
  const last = execution.lastDriverState;
  if (last !== null) pool.deferTeardown(async () => driver.teardown(last));
  return { kind: 'executed', execution, dataplane: acquired.how };
}
