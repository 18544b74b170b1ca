/**
 * netns dataplane figures: build time for 5/20/50 instances, positive probe latency
 * (median, p95), the cost of a negative probe (a dropped packet waits the timeout) and
 * destroy time. Needs root; prints a skip line otherwise.
 */
import { netnsBackend } from '../containers/backends/index.ts';
import { runOrThrow } from '../containers/process/index.ts';
import {
  benchTopology,
  fmt,
  percentile,
  probeLatencies,
  PROTOCOLS,
  timed,
  vmProbe,
} from './figures.ts';

const NEGATIVE_MS = 300;

export async function bench(): Promise<void> {
  try {
    await netnsBackend.preflight();
  } catch (error) {
    console.log(`dataplane: skipped (${(error as Error).message})`);
    return;
  }
  for (const count of [5, 20, 50]) {
    const [dp, buildMs] = await timed(() =>
      netnsBackend.create(benchTopology(count), { negativeTimeoutMs: NEGATIVE_MS }),
    );
    const target = count === 20 ? ' (target <= 1000)' : '';
    console.log(`dataplane.build-${count}-instances: ${fmt(buildMs)} ms${target}`);
    if (count === 20) {
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
      console.log(`dataplane.negative-probe-cost: ${fmt(mean)} ms (timeout ${NEGATIVE_MS} ms)`);
    }
    const [, destroyMs] = await timed(() => dp.destroy());
    console.log(`dataplane.destroy-${count}-instances: ${fmt(destroyMs)} ms`);
  }
}
