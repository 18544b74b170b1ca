/**
 * netns dataplane figures: build time for 5/20/50 instances (and 5/20 bridged), the reference driver's
 * apply time per host, positive probe latency (median, p95), the cost of a negative
 * probe (a dropped packet waits the timeout) and destroy time. Needs root; prints a
 * skip line otherwise.
 */
import { netnsBackend } from '../containers/backends/index.ts';
import { createDriver } from '../containers/drivers/index.ts';
import { runOrThrow } from '../harness/process/index.ts';
import { buildDriverState, type Dataplane } from '../harness/dataplane/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../harness/repro/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';
import {
  benchTopology,
  fmt,
  percentile,
  probeLatencies,
  PROTOCOLS,
  timed,
  vmProbe,
  withRules,
} from './figures.ts';

const PROBE_TIMEOUT_MS = DEFAULT_PROBE_TIMEOUT_MS;

/** Median wall time of one reference-driver reconcile (60 rules; hosts applied concurrently). */
async function applyMedianMs(dp: Dataplane, plain: ResolvedTopology): Promise<number> {
  const driver = createDriver('reference');
  const times: number[] = [];
  for (let generation = 1; generation <= 11; generation++) {
    const state = buildDriverState(
      { profile: 'safespring', topology: withRules(plain, generation % 2), flows: {} },
      dp.layout,
      generation,
    );
    const result = await driver.apply(state);
    if (result.kind !== 'applied') throw new Error(`bench apply failed: ${result.message}`);
    // The first apply creates the table; reconciles are what a run repeats.
    if (generation > 1) times.push(result.elapsedMs);
  }
  return percentile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

export async function bench(): Promise<void> {
  try {
    await netnsBackend.preflight();
  } catch (error) {
    console.log(`dataplane: skipped (${(error as Error).message})`);
    return;
  }
  for (const count of [5, 20, 50]) {
    const topology = benchTopology(count);
    const [dp, buildMs] = await timed(() =>
      netnsBackend.create(topology, { probeTimeoutMs: PROBE_TIMEOUT_MS }),
    );
    const target = count === 20 ? ' (target <= 1000)' : '';
    console.log(`dataplane.build-${count}-instances: ${fmt(buildMs)} ms${target}`);
    const applyMs = await applyMedianMs(dp, topology);
    console.log(
      `dataplane.apply-${count}-instances-60-rules: ${fmt(applyMs)} ms for ${dp.layout.hosts.length} host(s), one transaction each, concurrent (target <= 30 per host)`,
    );
    if (count === 20) {
      // The driver's table would drop the bench probes; the probes measure plumbing.
      await createDriver('reference').teardown(
        buildDriverState({ profile: 'safespring', topology, flows: {} }, dp.layout, 99),
      );
      for (const protocol of PROTOCOLS) {
        const sorted = await probeLatencies(dp, vmProbe(protocol), 100, (ms) =>
          console.log(`dataplane.first-${protocol}-probe (agent start, listener): ${fmt(ms)} ms`),
        );
        const goal = protocol === 'icmp' ? '' : ' (target <= 5)';
        console.log(
          `dataplane.positive-${protocol}-probe-median: ${fmt(percentile(sorted, 0.5))} ms${goal}`,
        );
        console.log(
          `dataplane.positive-${protocol}-probe-p95: ${fmt(percentile(sorted, 0.95))} ms`,
        );
      }
      const host = dp.layout.hosts.find((h) => h.name === 'h1');
      const rule =
        'table ip bench {\n chain c { type filter hook forward priority 0; tcp dport 81 drop; }\n}\n';
      await runOrThrow([...(host?.enter ?? []), 'nft', '-f', '-'], { input: rule });
      const negatives: number[] = [];
      for (let i = 0; i < 5; i++) {
        const seen = await dp.perform({
          kind: 'probe',
          from: 'vm0',
          to: 'vm1',
          protocol: 'tcp',
          port: 81,
        });
        if (seen.kind !== 'observed' || seen.delivered)
          throw new Error(`negative bench probe: ${JSON.stringify(seen)}`);
        negatives.push(seen.elapsedMs);
      }
      const mean = negatives.reduce((a, b) => a + b, 0) / negatives.length;
      console.log(
        `dataplane.negative-probe-cost: ${fmt(mean)} ms (timeout ${PROBE_TIMEOUT_MS} ms)`,
      );
    }
    const [, destroyMs] = await timed(() => dp.destroy());
    console.log(`dataplane.destroy-${count}-instances: ${fmt(destroyMs)} ms`);
  }
  // Bridged plumbing (docs/backends.md): bridges, VXLAN ports and flood entries on top.
  for (const count of [5, 20]) {
    const [dp, buildMs] = await timed(() =>
      netnsBackend.create(benchTopology(count), {
        probeTimeoutMs: PROBE_TIMEOUT_MS,
        plumbing: { mode: 'bridged', flavour: 'cloudstack' },
      }),
    );
    console.log(`dataplane.build-${count}-instances-bridged: ${fmt(buildMs)} ms`);
    await dp.destroy();
  }
}
