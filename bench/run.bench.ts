/**
 * Runner throughput: scenarios per second over the same 100 generated safespring
 * scenarios (~8 steps, ~4 instances, reference driver, default probe timeout) on the
 * netns backend and, when an engine runs, the Docker backend, with their ratio
 * (issue 6: Docker within 2x). Also the cost of a blocked probe, positive probe latency
 * while the machine is busy (what the negative timeout must cover), and the time to
 * find and shrink a planted bug (mutant:no-masquerade).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { backends } from '../containers/backends/index.ts';
import { createDriver } from '../containers/drivers/index.ts';
import type { Dataplane, DataplaneBackend, TrafficAction } from '../harness/dataplane/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../harness/repro/index.ts';
import { runConformance, type RunOptions, type RunResult } from '../harness/runner/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';

const base = {
  profile: 'safespring',
  maxSteps: 8,
  maxInstances: 4,
  probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
  runs: 100,
  seed: 1,
} as const satisfies Partial<RunOptions>;

const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const spread = (values: readonly number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => fmt(percentile(sorted, p));
  return `p50 ${at(0.5)} p95 ${at(0.95)} p99 ${at(0.99)} max ${at(1)} ms (n=${sorted.length})`;
};

/** Why `backend` cannot run here, or null when it can. */
async function unavailable(backend: DataplaneBackend): Promise<string | null> {
  try {
    await backend.preflight();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

async function clean(backend: DataplaneBackend): Promise<RunResult> {
  const { result } = await runConformance({
    ...base,
    backend,
    driverFactory: () => createDriver('reference'),
    driver: 'reference',
  });
  return result;
}

/** Throughput line plus where a run's probe time went. */
function report(name: string, result: RunResult): void {
  const t = result.totals;
  console.log(`run.${name}.scenarios-per-s: ${fmt(t.scenariosPerSecond, 2)} /s (target >= 2)`);
  console.log(
    `run.${name}.reference: ${t.runsExecuted} runs, ${t.steps} steps, ${t.disagree} disagree, ` +
      `${t.inconclusive} inconclusive, ${t.dataplanesBuilt} dataplanes built, ` +
      `${fmt(result.durationMs / 1000)} s`,
  );
  const observed = result.runs.flatMap((r) =>
    r.steps.flatMap((s) => (s.observation?.kind === 'observed' ? [s.observation] : [])),
  );
  const blocked = observed.filter((o) => !o.delivered).map((o) => o.elapsedMs);
  const delivered = observed.filter((o) => o.delivered).map((o) => o.elapsedMs);
  const blockedSum = blocked.reduce((a, b) => a + b, 0);
  console.log(
    `run.${name}.blocked-probe-ms: mean ${fmt(blockedSum / Math.max(1, blocked.length))} ` +
      `(timeout ${base.probeTimeoutMs}; ${fmt((100 * blockedSum) / result.durationMs, 0)}% of the run)`,
  );
  console.log(`run.${name}.positive-probe-ms: ${spread(delivered)}`);
}

/** Public instances vm0..vm3 over two hosts and one external: everything delivers. */
const latencyTopology: ResolvedTopology = {
  resolved: true,
  sites: [{ name: 'a' }],
  networks: [{ name: 'pub', site: 'a', kind: 'public', cidr: '198.51.100.0/24' }],
  hosts: [0, 1].map((h) => ({ name: `h${h}`, site: 'a', publicIp: `192.0.2.${h + 1}` })),
  instances: [0, 1, 2, 3].map((i) => ({
    name: `vm${i}`,
    network: 'pub',
    host: `h${i % 2}`,
    ip: `198.51.100.${i + 10}`,
    account: 'default',
    groups: [],
  })),
  groups: [],
  externals: [{ name: 'ext', ip: '203.0.113.5' }],
};

/** CPU burners, one more than twice the cores, each stopping by itself after `ms`. */
function burners(ms: number): ChildProcess[] {
  const loop = `const end = Date.now() + ${ms}; while (Date.now() < end);`;
  return Array.from({ length: 2 * cpus().length + 1 }, () =>
    spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }),
  );
}

/** Positive probe latencies (same host, across hosts, to and from the Internet) under load. */
async function positiveUnderLoad(backend: DataplaneBackend, rounds: number): Promise<number[]> {
  const dataplane: Dataplane = await backend.create(latencyTopology, {
    negativeTimeoutMs: base.probeTimeoutMs,
  });
  const pairs = [
    ['vm0', 'vm2'],
    ['vm0', 'vm1'],
    ['vm1', 'ext'],
    ['ext', 'vm3'],
  ] as const;
  const actions: TrafficAction[] = pairs.flatMap(([from, to]) =>
    (['tcp', 'udp', 'icmp'] as const).map((protocol) => ({
      kind: 'probe',
      from,
      to,
      protocol,
      port: protocol === 'icmp' ? null : 8080,
    })),
  );
  const load = burners(120_000);
  const latencies: number[] = [];
  try {
    for (const action of actions) await dataplane.perform(action); // listeners
    for (let i = 0; i < rounds; i++) {
      for (const action of actions) {
        const seen = await dataplane.perform(action);
        if (seen.kind !== 'observed' || !seen.delivered) {
          throw new Error(`positive probe failed under load: ${JSON.stringify(seen)}`);
        }
        latencies.push(seen.elapsedMs);
      }
    }
  } finally {
    for (const child of load) child.kill('SIGKILL');
    await dataplane.destroy();
  }
  return latencies;
}

export async function bench(): Promise<void> {
  const netns = backends.netns!;
  const skip = await unavailable(netns);
  if (skip !== null) {
    console.log(`run: skipped (${skip})`);
    return;
  }

  const onNetns = await clean(netns);
  report('netns', onNetns);

  const docker = backends.docker!;
  const dockerSkip = await unavailable(docker);
  if (dockerSkip !== null) {
    console.log(`run.docker: skipped (${dockerSkip})`);
  } else {
    const onDocker = await clean(docker);
    report('docker', onDocker);
    const ratio = onNetns.totals.scenariosPerSecond / onDocker.totals.scenariosPerSecond;
    console.log(`run.docker-vs-netns: ${fmt(ratio, 2)}x slower (target <= 2)`);
  }

  const busy = await positiveUnderLoad(netns, 25);
  console.log(
    `run.positive-probe-under-load-ms: ${spread(busy)} ` +
      `(${2 * cpus().length + 1} CPU burners; timeout ${base.probeTimeoutMs})`,
  );

  const started = performance.now();
  const { result: planted } = await runConformance({
    ...base,
    backend: netns,
    driverFactory: () => createDriver('mutant:no-masquerade'),
    driver: 'mutant:no-masquerade',
    timeLimitMs: 300_000,
  });
  const d = planted.disagreement;
  if (d === null) {
    console.log('run.find-and-shrink-s: not found (target <= 60 s)');
    return;
  }
  const total = (performance.now() - started) / 1000;
  console.log(
    `run.find-and-shrink-s: ${fmt(total)} s (target <= 60): found after ` +
      `${fmt(d.foundAfterMs / 1000)} s, shrunk ${d.originalSteps} -> ${d.shrunkSteps} steps ` +
      `in ${fmt(d.shrinkMs / 1000)} s (${d.shrinkCandidates} candidates)`,
  );
}
