/**
 * neutron figures (root and Debian's python3-neutron needed; a skip line otherwise):
 * - the real `neutron-iptables` driver's apply in serve mode (one process per run,
 *   neutron imported once) against one-shot mode (`exec:` of the same adapter: a process
 *   start, neutron's import and a full programming per apply), on a bridged host pair
 *   of 5 instances with neutron names and 60 rules in 3 groups;
 * - scenarios/s of `netconform run --profile neutron`, reference driver and real driver.
 * Each one-shot apply is measured on fresh hosts: any later one-shot call (apply or
 * teardown) on programmed ports is an agent restart and hangs in finding F1
 * (docs/findings.md). Knobs: BENCH_NEUTRON_RUNS (default 20), BENCH_SEED.
 */
import { netnsBackend } from '../containers/backends/index.ts';
import { createDriver } from '../containers/drivers/index.ts';
import { createExecDriver } from '../containers/drivers/exec/index.ts';
import { NEUTRON_ADAPTER, neutronInstalled } from '../containers/drivers/neutron/index.ts';
import {
  buildDriverState,
  type Dataplane,
  type FirewallDriver,
} from '../harness/dataplane/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../harness/repro/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';
import { cliRun, report, unavailable } from './cli-run.ts';
import { benchTopology, fmt, percentile, withRules } from './figures.ts';

const RUNS = process.env['BENCH_NEUTRON_RUNS'] ?? '20';
const SEED = process.env['BENCH_SEED'] ?? '20261121';
const ONE_SHOT_APPLIES = 3;
const SERVE_RECONCILES = 10;

/** The elapsed ms of one apply of `driver` at `generation`; throws on failure. */
async function applied(
  driver: FirewallDriver,
  dp: Dataplane,
  topology: ResolvedTopology,
  generation: number,
): Promise<number> {
  const state = buildDriverState(
    { profile: 'neutron', topology: withRules(topology, generation % 2), flows: {} },
    dp.layout,
    generation,
  );
  const result = await driver.apply(state);
  if (result.kind !== 'applied') throw new Error(`neutron bench apply failed: ${result.message}`);
  return result.elapsedMs;
}

const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Runs `work` on a fresh bridged dataplane with neutron names, destroyed afterwards. */
async function onFreshHosts<T>(
  topology: ResolvedTopology,
  work: (dp: Dataplane) => Promise<T>,
): Promise<T> {
  const dp = await netnsBackend.create(topology, {
    probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
    plumbing: { mode: 'bridged', flavour: 'neutron' },
  });
  try {
    return await work(dp);
  } finally {
    await dp.destroy();
  }
}

/** Apply times of both modes. */
async function applyFigures(): Promise<void> {
  const topology = benchTopology(5, 2);
  // The built-in driver's limit: neutron's import alone takes seconds.
  const oneShot = createExecDriver(NEUTRON_ADAPTER, { timeoutMs: 120_000 });
  const fresh: number[] = [];
  for (let i = 0; i < ONE_SHOT_APPLIES; i++) {
    fresh.push(await onFreshHosts(topology, (dp) => applied(oneShot, dp, topology, 1)));
  }
  const serve = createDriver('neutron-iptables');
  const [first, reconciles] = await onFreshHosts(topology, async (dp) => {
    const firstMs = await applied(serve, dp, topology, 1);
    const times: number[] = [];
    for (let generation = 2; generation <= SERVE_RECONCILES + 1; generation++) {
      times.push(await applied(serve, dp, topology, generation));
    }
    await serve.teardown(
      buildDriverState({ profile: 'neutron', topology, flows: {} }, dp.layout, 99),
    );
    return [firstMs, times] as const;
  });
  console.log('neutron.apply.command: npm run bench -- neutron');
  console.log(
    `neutron.apply.one-shot: ${fmt(median(fresh))} ms median per apply ` +
      `(${ONE_SHOT_APPLIES} applies, each a process start, neutron's import and a full ` +
      `programming of 2 hosts; each on fresh hosts: any later one-shot call hangs, F1)`,
  );
  console.log(
    `neutron.apply.serve-first: ${fmt(first)} ms (the serve process's first apply: ` +
      `import and full programming)`,
  );
  console.log(
    `neutron.apply.serve-reconcile: ${fmt(median(reconciles))} ms median ` +
      `(${SERVE_RECONCILES} reconciles moving every port of 60 rules, 2 hosts)`,
  );
}

export async function bench(): Promise<void> {
  const skip = !neutronInstalled()
    ? "Debian's python3-neutron is not installed (scripts/setup-neutron.sh)"
    : await unavailable(netnsBackend);
  if (skip !== null) {
    console.log(`neutron: skipped (${skip})`);
    return;
  }
  await applyFigures();
  const base = ['--profile', 'neutron', '--runs', RUNS, '--seed', SEED];
  report('neutron-reference', await cliRun(base));
  report('neutron-iptables', await cliRun([...base, '--driver', 'neutron-iptables']));
}
