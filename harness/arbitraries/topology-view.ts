/**
 * A read-only index of a concrete topology that picks are resolved against: names by
 * role, addresses, groups. Works for any schema topology (generated or hand-written);
 * names it cannot find resolve to `ABSENT`, which the model treats as a no-op.
 */
import {
  profiles,
  type NetworkKind,
  type ProfileName,
  type ScenarioInput,
} from '../../spec/index.ts';
import type { InstanceRole } from './picks.ts';

type TopologyInput = ScenarioInput['topology'];

/** Name used when a pick has no candidate at all (steps naming it are no-ops). */
export const ABSENT = 'absent';

/** One instance as the resolver sees it. */
export interface InstanceView {
  readonly name: string;
  readonly ip: string | undefined;
  readonly kind: NetworkKind | undefined;
  readonly hostIp: string | undefined;
  readonly account: string;
  readonly groups: readonly string[];
  /** Its network and that network's CIDR (L2 steps stay on one segment). */
  readonly network: string;
  readonly cidr: string | undefined;
  /** The compute host it starts on, and its network's site (a `migrate` stays in it). */
  readonly host: string;
  readonly site: string | undefined;
}

/** Everything picks resolve against. */
export interface TopologyView {
  readonly profile: ProfileName;
  readonly instances: readonly InstanceView[];
  readonly byRole: Readonly<Record<InstanceRole, readonly InstanceView[]>>;
  readonly externals: readonly { readonly name: string; readonly ip: string | undefined }[];
  /** Groups rules can be added to: declared ones plus cloudstack defaults instances are in. */
  readonly groups: readonly string[];
  /** Groups a rule may name as remote: declared ones plus cloudstack account defaults. */
  readonly remoteGroups: readonly string[];
  readonly pools: readonly string[];
  /** Compute-host public addresses (NAT sources). */
  readonly hostIps: readonly string[];
  /** Compute hosts with their sites (where a `migrate` may go). */
  readonly hosts: readonly { readonly name: string; readonly site: string }[];
}

/** cloudstack's implicit group of an account (CS-DEFAULT-GROUP). */
export const defaultGroupOf = (account: string): string => `default@${account}`;

/** Builds the view of `topology` for `profile`. */
export function topologyView(profile: ProfileName, topology: TopologyInput): TopologyView {
  const networks = new Map((topology.networks ?? []).map((n) => [n.name, n]));
  const hosts = new Map((topology.hosts ?? []).map((h) => [h.name, h]));
  // NEUTRON-ROUTER-SNAT: a nat network's traffic leaves with its site router's address.
  const routers = new Map(
    profiles[profile].natSource === 'router'
      ? topology.sites.flatMap((s) => (s.routerIp === undefined ? [] : [[s.name, s.routerIp]]))
      : [],
  );
  const natSourceOf = (network: string, host: string): string | undefined => {
    const n = networks.get(network);
    const router = n?.kind === 'nat' ? routers.get(n.site) : undefined;
    return router ?? hosts.get(host)?.publicIp;
  };
  const instances: InstanceView[] = (topology.instances ?? []).map((i) => ({
    name: i.name,
    ip: i.ip,
    kind: networks.get(i.network)?.kind,
    hostIp: natSourceOf(i.network, i.host),
    account: i.account ?? 'default',
    groups: i.groups ?? [],
    network: i.network,
    cidr: networks.get(i.network)?.cidr,
    host: i.host,
    site: networks.get(i.network)?.site,
  }));
  const ofKind = (kind: NetworkKind): InstanceView[] => instances.filter((i) => i.kind === kind);
  const declared = (topology.groups ?? []).map((g) => g.name);
  const cloudstack = profile === 'cloudstack';
  // cloudstack: the default group of an instance in no group exists (with no rules)
  // even when undeclared, so rules can be added to it; any account's default may be a remote.
  const implicit = (names: string[]): string[] =>
    cloudstack ? [...new Set(names)].filter((g) => !declared.includes(g)) : [];
  const groups = [
    ...declared,
    ...implicit(
      instances.filter((i) => i.groups.length === 0).map((i) => defaultGroupOf(i.account)),
    ),
  ];
  const defaults = implicit(instances.map((i) => defaultGroupOf(i.account))).filter(
    (g) => !groups.includes(g),
  );
  return {
    profile,
    instances,
    byRole: {
      any: instances,
      public: ofKind('public'),
      nat: ofKind('nat'),
      private: ofKind('private'),
    },
    externals: (topology.externals ?? []).map((e) => ({ name: e.name, ip: e.ip })),
    groups,
    remoteGroups: [...groups, ...defaults],
    pools: [...networks.values()].map((n) => n.cidr),
    hostIps: [
      ...[...hosts.values()].flatMap((h) => (h.publicIp === undefined ? [] : [h.publicIp])),
      ...routers.values(),
    ],
    hosts: [...hosts.values()].map((h) => ({ name: h.name, site: h.site })),
  };
}

/** `items[pick mod length]`, or undefined for an empty list. */
export function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}
