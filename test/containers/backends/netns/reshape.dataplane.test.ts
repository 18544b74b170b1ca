/**
 * A reshaped netns dataplane (the pool turning the last scenario's dataplane into the
 * next one's) is the dataplane a fresh build gives: the same namespaces, links,
 * addresses, routes, sysctls, empty neighbour, conntrack and ruleset state, and the
 * same step outcomes. Generated scenarios of seed 20261121 (runs 0, 2, 1: one site and
 * host, two sites, four hosts) reshape one into the other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildPlan,
  claimPrefix,
  netnsBackend,
  NetnsDataplane,
  planNetns,
} from '../../../../containers/backends/netns/index.ts';
import { createDriver } from '../../../../containers/drivers/index.ts';
import { scenarioArbitrary } from '../../../../harness/arbitraries/index.ts';
import { runOrThrow } from '../../../../harness/process/index.ts';
import {
  DataplanePool,
  executeScenario,
  planScenario,
  type ScenarioExecution,
} from '../../../../harness/runner/index.ts';
import { resolveGenerated } from '../../../../harness/runner/resolve-generated.ts';
import type { Dataplane } from '../../../../harness/dataplane/index.ts';
import type { ResolvedScenario } from '../../../../spec/index.ts';
import { linksSettled } from '../../../support/links-settled.ts';

const PROBE_TIMEOUT_MS = 300;
const SEED = 20261121;
const scenario = (k: number): ResolvedScenario =>
  resolveGenerated(
    planScenario(
      scenarioArbitrary({
        profile: 'safespring',
        maxSteps: 8,
        maxInstances: 4,
        maxSites: 2,
        run: k,
      }),
      SEED,
      k,
    ),
    `seed ${SEED} run ${k}`,
  );

const made: Dataplane[] = [];
const pool = new DataplanePool(netnsBackend, { probeTimeoutMs: PROBE_TIMEOUT_MS });
afterAll(async () => {
  await pool.release();
  await Promise.all(made.map((d) => d.destroy()));
});

/** Runs `s` on `dp` with a fresh `driver`; tears the driver down through the pool. */
async function run(s: ResolvedScenario, dp: Dataplane, driver = 'reference') {
  const d = createDriver(driver);
  const execution = await executeScenario(s, dp, d, { stopAtFirstDisagreement: false });
  const last = execution.lastDriverState;
  if (last !== null) pool.deferTeardown(() => d.teardown(last));
  return execution;
}

/** What each step came to, without timings. */
const outcomes = (e: ScenarioExecution) =>
  e.steps.map((r) => ({
    verdict: r.verdict,
    observed:
      r.observation === null
        ? null
        : r.observation.kind === 'observed'
          ? { delivered: r.observation.delivered, seenFrom: r.observation.seenFrom }
          : r.observation.kind,
  }));

// Per namespace: links, addresses, routes, neighbours, sysctls, conntrack, nft tables.
// Interface indexes, veth peers and random MACs differ between builds: left out.
const STATE = String.raw`
ip -o link show | sed -E 's/^[0-9]+: //; s/@if[0-9]+//; s/ link-netns(id)? [^ ]+//; s/link\/ether [^ ]+ brd [^ ]+//' | sort
ip -o -4 addr show | sed -E 's/^[0-9]+: //' | sort
ip -4 route show table all | sort
ip -4 neigh show nud all | grep -v PERMANENT | sort
for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/proxy_arp /proc/sys/net/ipv4/neigh/*/proxy_delay; do echo "$f=$(cat $f)"; done
conntrack -L 2>/dev/null | wc -l
nft list tables | grep -v netconform_probe || true
`;

async function stateOf(dp: NetnsDataplane): Promise<Record<string, string>> {
  const prefix = dp.plan.prefix;
  const entries = await Promise.all(
    dp.plan.namespaces.map(async (ns) => {
      const out = await runOrThrow(['nsenter', `--net=/run/netns/${ns.name}`, 'sh', '-c', STATE]);
      return [`${ns.role} ${ns.entity}`, out.split(prefix).join('P')] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The run's namespaces that exist now. */
/**
 * The sockets listening in `namespace` (their inodes): an endpoint's agent keeps its
 * listeners until it is killed, whether it is a process of its own or a hub's share.
 */
async function listenersIn(namespace: string): Promise<string> {
  const ss = await runOrThrow(['ip', 'netns', 'exec', namespace, 'ss', '-Hltnue']);
  return [...ss.matchAll(/ino:(\d+)/g)]
    .map((m) => m[1])
    .sort()
    .join();
}

async function namespacesOf(prefix: string): Promise<string[]> {
  const list = await runOrThrow(['ip', 'netns', 'list']);
  return list
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`netconform-${prefix}-`))
    .sort();
}

describe('a reshaped netns dataplane', () => {
  it('holds exactly what a fresh build of the next topology holds, nothing of the last scenario', async () => {
    const first = scenario(0);
    const next = scenario(2);
    const a = await pool.acquire(first.topology);
    expect(a.how).toBe('created');
    const dp = a.dataplane as NetnsDataplane;
    // Leave state behind: rules, conntrack entries, neighbours, open flows.
    expect((await run(first, dp)).verdict).toBe('agree');
    await dp.perform({
      kind: 'open',
      flow: 'left',
      from: 'vm1',
      to: 'ext1',
      protocol: 'tcp',
      port: 7001,
    });
    const agentsBefore = new Map(
      await Promise.all(
        [...dp.plan.endpoints].map(
          async ([name, e]) => [name, await listenersIn(e.namespace)] as const,
        ),
      ),
    );
    expect(agentsBefore.get('ext1')).not.toBe('');

    const b = await pool.acquire(next.topology);
    expect(b).toMatchObject({ how: 'reshaped', dataplane: dp });
    expect(await namespacesOf(dp.plan.prefix)).toEqual(
      dp.plan.namespaces.map((n) => n.name).sort(),
    );

    // A fresh build of the same topology with the same numbering, under another prefix.
    const prefix = claimPrefix(undefined);
    const fresh = new NetnsDataplane(
      planNetns(next.topology, prefix, { mode: 'routed' }, dp.plan.slots),
      PROBE_TIMEOUT_MS,
    );
    made.push(fresh);
    await buildPlan(fresh.plan);
    await linksSettled(
      [...dp.plan.namespaces, ...fresh.plan.namespaces].map((n) => n.name),
      { carrier: true },
    );
    const [reshapedState, freshState] = await Promise.all([stateOf(dp), stateOf(fresh)]);
    expect(Object.keys(reshapedState).sort()).toEqual(Object.keys(freshState).sort());
    for (const key of Object.keys(freshState))
      expect(reshapedState[key], key).toBe(freshState[key]);

    // The lever: kept endpoints keep their agent (its listeners are the same sockets);
    // the others got new namespaces.
    const kept = [...next.topology.externals.map((e) => e.name)];
    expect(kept).toContain('ext1');
    for (const name of kept) {
      const ns = dp.plan.endpoints.get(name)?.namespace as string;
      expect(await listenersIn(ns), name).toBe(agentsBefore.get(name));
    }
  });

  it('gives the same step outcomes as a fresh dataplane, with the reference and a mutant', async () => {
    const last = scenario(1);
    const b = await pool.acquire(last.topology);
    expect(b.how).toBe('reshaped');
    const fresh = await netnsBackend.create(last.topology, { probeTimeoutMs: PROBE_TIMEOUT_MS });
    made.push(fresh);
    for (const driver of ['reference', 'mutant:stateless']) {
      const [onReshaped, onFresh] = [
        await run(last, b.dataplane, driver),
        await run(last, fresh, driver),
      ];
      expect(outcomes(onReshaped), driver).toEqual(outcomes(onFresh));
      expect(onReshaped.steps.some((r) => r.observation?.kind === 'observed')).toBe(true);
      await b.dataplane.resetFlows();
      await fresh.resetFlows();
    }
  });
});
