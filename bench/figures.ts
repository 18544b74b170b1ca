/**
 * Helpers shared by the dataplane benches (not a bench itself: `bench/index.ts` runs
 * only `*.bench.ts`): the scaled topology, timing, percentiles and probe latencies.
 */
import type { Dataplane, TrafficAction } from '../harness/dataplane/index.ts';
import type { ResolvedTopology } from '../spec/index.ts';
import { scaledTopology } from '../fixtures/index.ts';

/** `count` public instances over ceil(count/10) hosts (at least `minHosts`), and one external. */
export const benchTopology = (count: number, minHosts = 1): ResolvedTopology =>
  scaledTopology(count, Math.max(minHosts, Math.ceil(count / 10)));

export const fmt = (n: number): string => n.toFixed(1);

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** `work`'s result and its duration in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * Sorted latencies of `rounds` delivered runs of `action`, after one first run (agent
 * start, listener) whose latency goes to `onFirst`. A probe called blocked that arrives
 * late counts with its wall time; throws when a probe is not delivered at all.
 */
export async function probeLatencies(
  dp: Dataplane,
  action: TrafficAction,
  rounds: number,
  onFirst: (ms: number) => void = () => undefined,
): Promise<number[]> {
  onFirst((await dp.perform(action)).elapsedMs);
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const seen = await dp.perform(action);
    if (seen.kind === 'observed' && !seen.delivered && seen.probeId !== undefined) {
      // Called blocked after the short adaptive wait on a loaded machine: settled as the
      // runner settles it, its latency is the wall time until it was seen.
      const [late] = await dp.settleLate([seen.probeId]);
      if (late?.delivered === true) {
        out.push(performance.now() - started);
        continue;
      }
    }
    if (seen.kind !== 'observed' || !seen.delivered)
      throw new Error(`bench probe failed: ${JSON.stringify(seen)}`);
    out.push(seen.elapsedMs);
  }
  return out.sort((a, b) => a - b);
}

/**
 * `topology` with 3 groups of 20 rules each (ports, CIDRs, a remote group), round robin;
 * `shift` moves every port, so each reconcile changes every host's ruleset (the built-in
 * driver skips hosts whose ruleset did not change).
 */
export function withRules(topology: ResolvedTopology, shift = 0): ResolvedTopology {
  const groups = ['g0', 'g1', 'g2'].map((name, g) => ({
    name,
    account: 'bench',
    rules: Array.from({ length: 20 }, (_, i) => ({
      direction: i % 2 === 0 ? ('ingress' as const) : ('egress' as const),
      protocol: i % 3 === 0 ? ('udp' as const) : ('tcp' as const),
      ports: `${1000 + 10 * i + shift}-${1005 + 10 * i + shift}`,
      remote: i % 5 === 0 ? { group: `g${(g + 1) % 3}` } : { cidr: `198.51.100.${i}/32` },
    })),
  }));
  const instances = topology.instances.map((inst, i) => ({ ...inst, groups: [`g${i % 3}`] }));
  return { ...topology, groups, instances };
}

/** Probe protocols measured by the dataplane benches. */
export const PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;

/** The bench probe vm0 -> vm1 (port 80, none for icmp). */
export const vmProbe = (protocol: (typeof PROTOCOLS)[number]): TrafficAction => ({
  kind: 'probe',
  from: 'vm0',
  to: 'vm1',
  protocol,
  port: protocol === 'icmp' ? null : 80,
});
