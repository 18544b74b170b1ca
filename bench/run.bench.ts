/**
 * Throughput as a user gets it: `netconform run` started as a real child process (the
 * README's command line, default flags, a fixed seed), timed from start to exit, with
 * the shares of time read from its `run-result.json` and the exact command that
 * reproduces each figure. Why the bench once printed 2.49/s while the same command
 * gave 0.82/s: docs/bench.md.
 *
 * Environment knobs (each figure prints the command it ran):
 * - BENCH_RUNS (default 100), BENCH_SEED (default 20261121): the default run;
 * - BENCH_JOBS=1,2,4: the same run once per `--jobs` value;
 * - BENCH_EXEC=1 (BENCH_EXEC_RUNS, default 20): the example exec driver one-shot
 *   (`exec:`) versus long-lived (`exec-serve:`);
 * - BENCH_DOCKER=1: the same run on the Docker backend too (needs an engine);
 * - BENCH_PLANTED=1: time to find and shrink a planted bug (mutant:no-masquerade).
 * Also measured in-process (a dataplane figure, not throughput): positive probe
 * latency while the machine is busy, which the probe timeout must cover.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { backends } from '../containers/backends/index.ts';
import type { Dataplane, DataplaneBackend, TrafficAction } from '../harness/dataplane/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../harness/repro/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';
import { cliRun, report, unavailable } from './cli-run.ts';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const RUNS = env('BENCH_RUNS', '100');
const SEED = env('BENCH_SEED', '20261121');

const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const spread = (values: readonly number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => fmt(percentile(sorted, p));
  return `p50 ${at(0.5)} p95 ${at(0.95)} p99 ${at(0.99)} max ${at(1)} ms (n=${sorted.length})`;
};

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
    probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
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
  const skip = await unavailable(backends.netns!);
  if (skip !== null) {
    console.log(`run: skipped (${skip})`);
    return;
  }
  const base = ['--runs', RUNS, '--seed', SEED];

  report('default', await cliRun(base));
  for (const jobs of (process.env['BENCH_JOBS'] ?? '').split(',').filter((j) => j !== '')) {
    report(`jobs-${jobs}`, await cliRun([...base, '--jobs', jobs]));
  }

  if (process.env['BENCH_EXEC'] === '1') {
    const runs = env('BENCH_EXEC_RUNS', '20');
    for (const kind of ['exec', 'exec-serve']) {
      const driver = `${kind}:examples/drivers/nft-safespring.sh`;
      report(kind, await cliRun(['--runs', runs, '--seed', SEED, '--driver', driver]));
    }
  }

  if (process.env['BENCH_DOCKER'] === '1') {
    const dockerSkip = await unavailable(backends.docker!);
    if (dockerSkip !== null) console.log(`run.docker: skipped (${dockerSkip})`);
    else report('docker', await cliRun([...base, '--backend', 'docker']));
  }

  const busy = await positiveUnderLoad(backends.netns!, 25);
  console.log(
    `run.positive-probe-under-load-ms: ${spread(busy)} ` +
      `(${2 * cpus().length + 1} CPU burners; timeout ${DEFAULT_PROBE_TIMEOUT_MS})`,
  );

  if (process.env['BENCH_PLANTED'] === '1') {
    const planted = await cliRun([
      '--runs',
      '100',
      '--seed',
      '1',
      '--driver',
      'mutant:no-masquerade',
    ]);
    console.log(`run.find-and-shrink.command: ${planted.command}`);
    const d = planted.result?.disagreement ?? null;
    console.log(
      d === null
        ? `run.find-and-shrink-s: not found (exit ${planted.code})`
        : `run.find-and-shrink-s: ${fmt(planted.wallMs / 1000)} s process start to exit: found after ` +
            `${fmt(d.foundAfterMs / 1000)} s, shrunk ${d.originalSteps} -> ${d.shrunkSteps} steps ` +
            `in ${fmt(d.shrinkMs / 1000)} s (${d.shrinkCandidates} candidates)`,
    );
  }
}
