/**
 * `runConformance` with the reference driver: generated safespring scenarios on a
 * real dataplane, with the CLI's default probe timeout, all agree with the model.
 */
import { describe, expect, it } from 'vitest';
import { createDriver } from '../../../containers/drivers/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../harness/repro/index.ts';
import { runConformance } from '../../../harness/runner/index.ts';
import type { BackendUnderTest } from '../../support/backends-under-test.ts';

export interface ConformanceSuiteOptions {
  readonly runs: number;
  /** Scenarios in flight at once (`--jobs`); default 1. */
  readonly jobs?: number;
}

/** Only a guard against a hang: every run must execute, however long it takes here. */
const HANG_GUARD_MS = 1_200_000;

export function runConformanceSuite(
  under: BackendUnderTest,
  options: ConformanceSuiteOptions,
): void {
  const { runs } = options;
  describe(`runConformance (${under.name}, reference driver)`, () => {
    it(
      `${runs} generated safespring scenarios: 0 disagreements, 0 inconclusive`,
      async () => {
        const { result } = await runConformance({
          backend: under.backend,
          driverFactory: () => createDriver('reference'),
          driver: 'reference',
          profile: 'safespring',
          runs,
          seed: 20261121,
          maxSteps: 8,
          maxInstances: 4,
          // The CLI default: this test is what shows the default is safe on this machine.
          probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
          jobs: options.jobs ?? 1,
        });
        const problems = result.runs
          .flatMap((r) => r.steps.map((s) => ({ run: r.index, ...s })))
          .filter((s) => s.verdict === 'disagree' || s.verdict === 'inconclusive');
        expect(problems).toEqual([]);
        expect(result.totals).toMatchObject({ runsExecuted: runs, disagree: 0, inconclusive: 0 });
        expect(result.totals.trafficSteps).toBeGreaterThan(runs);
        expect(result.verdict).toBe('agree');
      },
      HANG_GUARD_MS,
    );
  });
}
