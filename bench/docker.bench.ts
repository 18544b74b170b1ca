/**
 * Docker dataplane figures: image build (first time) or cache lookup, build time for
 * 5 and 20 instances on new containers and on parked ones (the container stock),
 * positive probe latency (median, p95), destroy time (which parks the containers),
 * removal of parked containers, and the cost of entering a host container (`nsenter`
 * on the hot path vs `docker exec`).
 * Needs root and a running engine; prints a skip line otherwise.
 * `NETCONFORM_BENCH_REBUILD=1` rebuilds the image to measure a first-time build.
 */
import { dockerBackend, type DockerDataplane } from '../containers/backends/index.ts';
import { dockerode, drainDockerStock } from '../containers/backends/docker/index.ts';
import { ensureImage, NODE_IMAGE } from '../containers/images/index.ts';
import { runOrThrow } from '../harness/process/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../harness/repro/index.ts';
import {
  benchTopology,
  fmt,
  percentile,
  probeLatencies,
  PROTOCOLS,
  timed,
  vmProbe,
} from './figures.ts';

const PROBE_TIMEOUT_MS = DEFAULT_PROBE_TIMEOUT_MS;

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
    // Fresh containers: nothing parked of this shape.
    await drainDockerStock();
    const [dp, buildMs] = await timed(
      async () =>
        (await dockerBackend.create(benchTopology(count, 2), {
          probeTimeoutMs: PROBE_TIMEOUT_MS,
        })) as DockerDataplane,
    );
    console.log(
      `docker.build-${count}-instances: ${fmt(buildMs)} ms (${dp.containers.length} containers)`,
    );
    if (count === 20) {
      for (const protocol of PROTOCOLS) {
        const sorted = await probeLatencies(dp, vmProbe(protocol), 100);
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
    console.log(`docker.destroy-${count}-instances: ${fmt(destroyMs)} ms (parks the containers)`);
    const [again, reusedMs] = await timed(() =>
      dockerBackend.create(benchTopology(count, 2), { probeTimeoutMs: PROBE_TIMEOUT_MS }),
    );
    console.log(`docker.build-${count}-instances-reused: ${fmt(reusedMs)} ms`);
    await again.destroy();
    const [, drainMs] = await timed(() => drainDockerStock());
    console.log(`docker.remove-parked-containers: ${fmt(drainMs)} ms`);
  }
}
