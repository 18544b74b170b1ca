/**
 * Lookup structures over a resolved topology, so traffic steps do no scans or copies.
 * Cached per topology object (topologies are immutable and shared between states);
 * configuration steps derive the next index from the previous one.
 */
import { ipToInt } from '../address/index.ts';
import type { NetworkKind } from '../schema/scenario.ts';
import { compileRule, type CompiledRule } from './compiled-rule.ts';
import type { ResolvedGroup, ResolvedTopology } from './types.ts';

/** A traffic endpoint: an instance (filtered, in a site) or an external Internet host. */
export interface Endpoint {
  readonly kind: 'instance' | 'external';
  readonly name: string;
  readonly ip: string;
  readonly address: number;
  /** Instances only (null for externals). */
  readonly site: string | null;
  readonly network: string | null;
  readonly networkKind: NetworkKind | null;
  /** Public address of the instance's compute host (its masquerade source); externals: own. */
  readonly hostPublicIp: string;
  readonly hostPublicAddress: number;
  /** Instances of a site with a virtual router: its external gateway address (NEUTRON-ROUTER-SNAT). */
  readonly routerIp: string | null;
  readonly account: string | null;
  /** Instances only: the compute host and its physical datacenter (danube OV-PDC-PATH). */
  readonly host: string | null;
  readonly pdc: string | null;
}

export interface CompiledGroup {
  readonly name: string;
  readonly account: string;
  readonly rules: readonly CompiledRule[];
  readonly hasEgress: boolean;
  readonly hasIngress: boolean;
}

export interface TopologyIndex {
  /** Never changes during a scenario; shared by every derived index. */
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly groups: ReadonlyMap<string, CompiledGroup>;
  readonly instanceGroups: ReadonlyMap<string, readonly string[]>;
  /** Group name -> addresses of its current members. */
  readonly members: ReadonlyMap<string, ReadonlySet<number>>;
}

/** A host's physical datacenter: its `pdc`, else its site's name (one PDC per site). */
export function pdcOf(host: { readonly site: string; readonly pdc?: string | undefined }): string {
  return host.pdc ?? host.site;
}

const cache = new WeakMap<ResolvedTopology, TopologyIndex>();

/** Compiles a group's rules. */
export function compileGroup(group: ResolvedGroup): CompiledGroup {
  const rules = group.rules.map(compileRule);
  return {
    name: group.name,
    account: group.account,
    rules,
    hasEgress: rules.some((r) => r.direction === 'egress'),
    hasIngress: rules.some((r) => r.direction === 'ingress'),
  };
}

function membersOf(topology: ResolvedTopology): Map<string, Set<number>> {
  const members = new Map<string, Set<number>>();
  for (const inst of topology.instances)
    for (const g of inst.groups) {
      let set = members.get(g);
      if (set === undefined) members.set(g, (set = new Set()));
      set.add(ipToInt(inst.ip));
    }
  return members;
}

function buildIndex(topology: ResolvedTopology): TopologyIndex {
  const networks = new Map(topology.networks.map((n) => [n.name, n]));
  const hosts = new Map(topology.hosts.map((h) => [h.name, h]));
  const sites = new Map(topology.sites.map((s) => [s.name, s]));
  const endpoints = new Map<string, Endpoint>();
  for (const e of topology.externals)
    endpoints.set(e.name, {
      kind: 'external',
      name: e.name,
      ip: e.ip,
      address: ipToInt(e.ip),
      site: null,
      network: null,
      networkKind: null,
      hostPublicIp: e.ip,
      hostPublicAddress: ipToInt(e.ip),
      routerIp: null,
      account: null,
      host: null,
      pdc: null,
    });
  for (const i of topology.instances) {
    const network = networks.get(i.network);
    const host = hosts.get(i.host);
    const hostIp = host?.publicIp ?? i.ip;
    endpoints.set(i.name, {
      kind: 'instance',
      name: i.name,
      ip: i.ip,
      address: ipToInt(i.ip),
      site: network?.site ?? null,
      network: i.network,
      networkKind: network?.kind ?? null,
      hostPublicIp: hostIp,
      hostPublicAddress: ipToInt(hostIp),
      routerIp: (network === undefined ? undefined : sites.get(network.site)?.routerIp) ?? null,
      account: i.account,
      host: i.host,
      pdc: host === undefined ? null : pdcOf(host),
    });
  }
  return {
    endpoints,
    groups: new Map(topology.groups.map((g) => [g.name, compileGroup(g)])),
    instanceGroups: new Map(topology.instances.map((i) => [i.name, i.groups])),
    members: membersOf(topology),
  };
}

/** The index of `topology`, built once and cached. */
export function indexOf(topology: ResolvedTopology): TopologyIndex {
  let index = cache.get(topology);
  if (index === undefined) cache.set(topology, (index = buildIndex(topology)));
  return index;
}

/** Registers the index of `next`, derived from `previous` after one group's rules changed. */
export function deriveAfterRules(
  previous: TopologyIndex,
  next: ResolvedTopology,
  group: ResolvedGroup,
): void {
  const groups = new Map(previous.groups);
  groups.set(group.name, compileGroup(group));
  cache.set(next, { ...previous, groups });
}

/** Registers the index of `next`, derived from `previous` after one instance's groups changed. */
export function deriveAfterMembership(
  previous: TopologyIndex,
  next: ResolvedTopology,
  instance: string,
  groups: readonly string[],
): void {
  const instanceGroups = new Map(previous.instanceGroups);
  instanceGroups.set(instance, groups);
  cache.set(next, { ...previous, instanceGroups, members: membersOf(next) });
}

/** Registers `previous` as the index of `next` (a change the index does not see). */
export function deriveSame(previous: TopologyIndex, next: ResolvedTopology): void {
  cache.set(next, previous);
}
