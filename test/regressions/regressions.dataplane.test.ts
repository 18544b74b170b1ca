/**
 * Every scenario file in this directory is a fixed bug's repro (or a hand-written
 * guard) and must keep agreeing on the real netns dataplane: each traffic step agrees
 * with the model and observes exactly its written `expect`. docs/requirements.md says
 * how a repro becomes a file here.
 *
 * NETCONFORM_REGRESSION_DRIVER runs the files against another driver (e.g.
 * `exec:./my-agent`, see docs/drivers.md); the default is the reference driver.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../containers/backends/index.ts';
import { createDriver } from '../../containers/drivers/index.ts';
import { DataplanePool, checkScenario } from '../../harness/runner/index.ts';
import { PROBE_TIMEOUT_MS } from '../requirements/dataplane-suite.ts';
import { jsonFiles, loadScenario, regressionDir } from '../requirements/scenario-files.ts';
import { agreedTrafficSteps, missingExpects, stepProblems } from '../requirements/step-checks.ts';

const driver = process.env.NETCONFORM_REGRESSION_DRIVER ?? 'reference';
const files = jsonFiles(regressionDir);

describe(`regression scenarios (netns, driver ${driver})`, () => {
  // One pool: files with the same plumbing share one built dataplane.
  const pool = new DataplanePool(backends.netns!, { probeTimeoutMs: PROBE_TIMEOUT_MS });
  afterAll(async () => {
    await pool.release();
  });

  it('the directory holds regression files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, async () => {
      const scenario = loadScenario(`${regressionDir}${file}`);
      expect(missingExpects(scenario.steps)).toEqual([]);
      const result = await checkScenario(scenario, {
        backend: backends.netns!,
        driverFactory: () => createDriver(driver),
        probeTimeoutMs: PROBE_TIMEOUT_MS,
        pool,
      });
      expect(stepProblems(result)).toEqual([]);
      expect(result.verdict).toBe('agree');
      expect(agreedTrafficSteps(result)).toBeGreaterThan(0);
    });
  }
});
