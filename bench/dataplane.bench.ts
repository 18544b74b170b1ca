/**
 * netns dataplane figures: build time for 5/20/50 instances, positive probe latency
 * (median, p95), the cost of a negative probe (a dropped packet waits the timeout) and
 * destroy time. Needs root; prints a skip line otherwise.
 */
import { netnsBackend } from '../containers/backends/index.ts';
import { runOrThrow } from '../containers/process/index.ts';
import type { Dataplane, TrafficAction } from '../harness/dataplane/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';

const NEGATIVE_MS = 300;

/** `count` public instances over ceil(count/10) hosts of one site, and one external. */
function topology(count: number): ResolvedTopology {
  const hosts = Math.max(1, Math.ceil(count / 10));
  return {
    resolved: true,
    sites: [{ name: 'a' }],
    networks: [{ name: 'pub', site: 'a', kind: 'public', cidr: '198.51.100.0/24' }],
    hosts: Array.from({ length: hosts }, (_, h) => ({
      name: `h${h}`,
      site: 'a',
      publicIp: `192.0.2.${h + 1}`,
    })),
    instances: Array.from({ length: count }, (_, i) => ({
      name: `vm${i}`,
      network: 'pub',
      host: `h${i % hosts}`,
      ip: `198.51.100.${i + 10}`,
      account: 'default',
      groups: [],
    })),
    groups: [],
    externals: [{ name: 'ext', ip: '203.0.113.5' }],
  };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const fmt = (n: number): string => n.toFixed(1);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function latencies(dp: Dataplane, action: TrafficAction, rounds: number): Promise<number[]> {
  const first = await dp.perform(action);
  console.log(
    `dataplane.first-${action.kind === 'probe' ? action.protocol : ''}-probe (agent start, listener): ${fmt(first.elapsedMs)} ms`,
  );
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const seen = await dp.perform(action);
    if (seen.kind !== 'observed' || !seen.delivered)
      throw new Error(`bench probe failed: ${JSON.stringify(seen)}`);
    out.push(seen.elapsedMs);
  }
  return out.sort((a, b) => a - b);
}

export async function bench(): Promise<void> {
  try {
    await netnsBackend.preflight();
  } catch (error) {
    console.log(`dataplane: skipped (${(error as Error).message})`);
    return;
  }
  for (const count of [5, 20, 50]) {
    const [dp, buildMs] = await timed(() =>
      netnsBackend.create(topology(count), { negativeTimeoutMs: NEGATIVE_MS }),
    );
    const target = count === 20 ? ' (target <= 1000)' : '';
    console.log(`dataplane.build-${count}-instances: ${fmt(buildMs)} ms${target}`);
    if (count === 20) {
      for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
        const action = {
          kind: 'probe',
          from: 'vm0',
          to: 'vm1',
          protocol,
          port: protocol === 'icmp' ? null : 80,
        } as const;
        const sorted = await latencies(dp, action, 100);
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
