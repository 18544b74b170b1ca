/**
 * Docker dataplane figures: image build (first time) or cache lookup, build time for
 * 5 and 20 instances, positive probe latency (median, p95), destroy time, and the cost
 * of entering a host container (`nsenter` on the hot path vs `docker exec`).
 * Needs root and a running engine; prints a skip line otherwise.
 * `NETCONFORM_BENCH_REBUILD=1` rebuilds the image to measure a first-time build.
 */
import { dockerBackend, type DockerDataplane } from '../containers/backends/index.ts';
import { dockerode } from '../containers/backends/docker/index.ts';
import { ensureImage, NODE_IMAGE } from '../containers/images/index.ts';
import { runOrThrow } from '../containers/process/index.ts';
import type { Dataplane, TrafficAction } from '../harness/dataplane/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';

const NEGATIVE_MS = 300;
const fmt = (n: number): string => n.toFixed(1);
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** `count` public instances over ceil(count/10) hosts (at least 2), and one external. */
function topology(count: number): ResolvedTopology {
  const hosts = Math.max(2, Math.ceil(count / 10));
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

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  return [await work(), performance.now() - started];
}

async function probeLatencies(
  dp: Dataplane,
  action: TrafficAction,
  rounds: number,
): Promise<number[]> {
  await dp.perform(action); // agent start and listener
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const seen = await dp.perform(action);
    if (seen.kind !== 'observed' || !seen.delivered)
      throw new Error(`bench probe failed: ${JSON.stringify(seen)}`);
    out.push(seen.elapsedMs);
  }
  return out.sort((a, b) => a - b);
}

async function enterCost(argv: readonly string[], rounds: number): Promise<number> {
  const [, ms] = await timed(async () => {
    for (let i = 0; i < rounds; i++) await runOrThrow(argv);
  });
  return ms / rounds;
}

export async function bench(): Promise<void> {
  try {
    await dockerBackend.preflight();
  } catch (error) {
    console.log(`docker: skipped (${(error as Error).message})`);
    return;
  }
  const image = await ensureImage(NODE_IMAGE, {
    force: process.env.NETCONFORM_BENCH_REBUILD === '1',
  });
  if (image.kind === 'failed')
    throw new Error(`image build failed: ${image.phase}: ${image.message}`);
  console.log(`docker.image-${image.kind}: ${fmt(image.elapsedMs / 1000)} s (${image.tag})`);

  // One-time per process (testcontainers import, engine discovery): kept out of build figures.
  const [, clientMs] = await timed(() => dockerode());
  console.log(`docker.engine-client-init: ${fmt(clientMs)} ms`);
  for (const count of [5, 20]) {
    const [dp, buildMs] = await timed(
      async () =>
        (await dockerBackend.create(topology(count), {
          negativeTimeoutMs: NEGATIVE_MS,
        })) as DockerDataplane,
    );
    console.log(
      `docker.build-${count}-instances: ${fmt(buildMs)} ms (${dp.containers.length} containers)`,
    );
    if (count === 20) {
      for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
        const action = {
          kind: 'probe',
          from: 'vm0',
          to: 'vm1',
          protocol,
          port: protocol === 'icmp' ? null : 80,
        } as const;
        const sorted = await probeLatencies(dp, action, 100);
        console.log(
          `docker.positive-${protocol}-probe-median: ${fmt(percentile(sorted, 0.5))} ms (across hosts)`,
        );
        console.log(`docker.positive-${protocol}-probe-p95: ${fmt(percentile(sorted, 0.95))} ms`);
      }
      const host = dp.layout.hosts[0];
      const container = dp.dockerPlan.containers.find((c) => c.role === 'host')?.name ?? '?';
      console.log(
        `docker.enter-host-nsenter: ${fmt(await enterCost([...(host?.enter ?? []), 'true'], 20))} ms`,
      );
      console.log(
        `docker.enter-host-docker-exec: ${fmt(await enterCost(['docker', 'exec', container, 'true'], 10))} ms`,
      );
    }
    const [, destroyMs] = await timed(() => dp.destroy());
    console.log(`docker.destroy-${count}-instances: ${fmt(destroyMs)} ms`);
  }
}
