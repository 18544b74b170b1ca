/**
 * The cloudstack profile on the real netns dataplane, bridged as a basic zone (its
 * default plumbing, CloudStack names): the reference driver runs
 * examples/cloudstack-basics.json and every step agrees with the model and with the
 * example's written expects.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backends } from '../../containers/backends/index.ts';
import { createDriver } from '../../containers/drivers/index.ts';
import { checkScenario } from '../../harness/runner/index.ts';
import { PROBE_TIMEOUT_MS } from './dataplane-suite.ts';
import { loadScenario } from './scenario-files.ts';
import { agreedTrafficSteps, missingExpects, stepProblems, trafficNames } from './step-checks.ts';

const example = fileURLToPath(new URL('../../examples/cloudstack-basics.json', import.meta.url));

describe('cloudstack profile (netns, bridged, reference driver)', () => {
  it('agrees on every step of examples/cloudstack-basics.json', async () => {
    const scenario = loadScenario(example);
    expect(scenario.profile).toBe('cloudstack');
    expect(missingExpects(scenario.steps)).toEqual([]);
    const result = await checkScenario(scenario, {
      backend: backends.netns!,
      driverFactory: () => createDriver('reference'),
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      plumbing: { mode: 'bridged', flavour: 'cloudstack' },
    });
    expect(stepProblems(result)).toEqual([]);
    expect(result.verdict).toBe('agree');
    expect(agreedTrafficSteps(result)).toBeGreaterThanOrEqual(15);
    // The example exists to show the cloudstack-only promises on the dataplane.
    for (const id of [
      'CS-DEFAULT-GROUP',
      'CS-EGRESS-OPEN',
      'CS-CROSS-ACCOUNT',
      'CT-KEEP-ON-REMOVE',
    ] as const)
      expect(trafficNames(result, id), id).toBe(true);
  });
});
