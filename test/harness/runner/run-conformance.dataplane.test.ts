import { describe, expect, it } from 'vitest';
import { backends } from '../../../containers/backends/index.ts';
import { createDriver } from '../../../containers/drivers/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../harness/repro/index.ts';
import { runConformance } from '../../../harness/runner/index.ts';

describe('runConformance (netns, reference driver)', () => {
  it('100 generated safespring scenarios: 0 disagreements, 0 inconclusive', async () => {
    const result = await runConformance({
      backend: backends.netns!,
      driverFactory: () => createDriver('reference'),
      driver: 'reference',
      profile: 'safespring',
      runs: 100,
      seed: 20261121,
      maxSteps: 8,
      maxInstances: 4,
      // The CLI default: this test is what shows the default is safe on this machine.
      probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
      timeLimitMs: 250_000,
    });
    const problems = result.runs
      .flatMap((r) => r.steps.map((s) => ({ run: r.index, ...s })))
      .filter((s) => s.verdict === 'disagree' || s.verdict === 'inconclusive');
    expect(problems).toEqual([]);
    expect(result.totals).toMatchObject({ runsExecuted: 100, disagree: 0, inconclusive: 0 });
    expect(result.totals.trafficSteps).toBeGreaterThan(100);
    expect(result.verdict).toBe('agree');
  });
});
