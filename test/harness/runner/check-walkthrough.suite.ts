/**
 * `checkScenario` on the Safespring walkthrough (examples/safespring-walkthrough.json)
 * with the reference driver: the dataplane agrees with the model on every step.
 */
import { describe, expect, it } from 'vitest';
import { createDriver } from '../../../containers/drivers/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../harness/repro/index.ts';
import { checkScenario } from '../../../harness/runner/index.ts';
import { loadScenario } from '../../requirements/scenario-files.ts';
import type { BackendUnderTest } from '../../support/backends-under-test.ts';

const walkthrough = new URL('../../../examples/safespring-walkthrough.json', import.meta.url);

export function checkWalkthroughSuite(under: BackendUnderTest): void {
  describe(`checkScenario on the Safespring walkthrough (${under.name}, reference driver)`, () => {
    it('agrees with the model on every step', async () => {
      const scenario = loadScenario(walkthrough.pathname);
      const result = await checkScenario(scenario, {
        backend: under.backend,
        driverFactory: () => createDriver('reference'),
        probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
      });
      expect(result.setupError).toBeNull();
      expect(result.driverError).toBeNull();
      expect(result.steps).toHaveLength(scenario.steps.length);
      const traffic = result.steps.filter((s) => s.expectation.kind === 'traffic');
      expect(traffic.length).toBeGreaterThan(10);
      expect(traffic.filter((s) => s.verdict !== 'agree')).toEqual([]);
      expect(result.verdict).toBe('agree');
    });
  });
}
