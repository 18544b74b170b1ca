/**
 * Generated topologies: 1..maxSites sites with every network kind of the profile,
 * 1-2 compute hosts per site, 2..maxInstances instances with explicit addresses,
 * 1-2 external hosts and 2-3 groups with 0-3 rules each. Built from a shape of
 * index picks with `map`, so every shrink is a valid topology.
 */
import fc from 'fast-check';
import { profiles, type ProfileName, type ScenarioInput } from '../../spec/index.ts';
import { checkOptions, type GeneratorOptions } from './generator-options.ts';
import {
  ACCOUNT_NAMES,
  PROFILE_NETWORK_KINDS,
  SITE_NAMES,
  externalIp,
  hostPublicIp,
  instanceIp,
  networkCidr,
  siteRouterIp,
} from './address-plan.ts';
import { pickArb, type RulePick } from './picks.ts';
import { rulePickArb } from './rule-arbitrary.ts';
import { topologyView, defaultGroupOf } from './topology-view.ts';
import { resolveRule } from './resolve-rule.ts';

/** A schema topology as written in a scenario file. */
export type TopologyInput = ScenarioInput['topology'];

interface InstanceShape {
  readonly site: number;
  readonly kind: number;
  readonly host: number;
  readonly account: number;
  readonly groups: readonly number[];
}

interface GroupShape {
  readonly account: number;
  /** cloudstack: declare the account's default group explicitly (only for the first group). */
  readonly isDefault: boolean;
  readonly rules: readonly RulePick[];
}

/** The abstract shape a topology is built from. */
export interface TopologyShape {
  readonly siteCount: number;
  readonly hostsPerSite: readonly number[];
  readonly accountCount: number;
  readonly externalCount: number;
  readonly groups: readonly GroupShape[];
  readonly instances: readonly InstanceShape[];
}

/** The shape arbitrary (exported for `scenarioArbitrary`, which resolves steps against it). */
export function topologyShapeArbitrary(options: GeneratorOptions): fc.Arbitrary<TopologyShape> {
  const o = checkOptions(options);
  const cloudstack = o.profile === 'cloudstack';
  // An instance in no group exercises SG-NONE / CS-DEFAULT-GROUP; rarer, since it blocks
  // everything. Two groups (distinct when there are two) exercise the union over groups.
  const membership = fc.oneof(
    { arbitrary: fc.constant<number[]>([]), weight: cloudstack ? 2 : 1 },
    { arbitrary: fc.array(pickArb(), { minLength: 1, maxLength: 1 }), weight: cloudstack ? 2 : 3 },
    { arbitrary: fc.array(pickArb(), { minLength: 2, maxLength: 2 }), weight: cloudstack ? 2 : 4 },
  );
  return fc.record({
    siteCount: fc.integer({ min: 1, max: o.maxSites }),
    hostsPerSite: fc.array(fc.integer({ min: 1, max: 2 }), {
      minLength: o.maxSites,
      maxLength: o.maxSites,
    }),
    accountCount: cloudstack ? fc.integer({ min: 1, max: 2 }) : fc.constant(1),
    externalCount: fc.integer({ min: 1, max: 2 }),
    groups: fc.array(
      fc.record({
        account: pickArb(),
        isDefault: cloudstack ? fc.boolean() : fc.constant(false),
        rules: fc.array(rulePickArb(), { maxLength: 3 }),
      }),
      // Two groups at least: union over groups and membership changes need a second.
      { minLength: 2, maxLength: 3 },
    ),
    instances: fc.array(
      fc.record({
        site: pickArb(),
        kind: pickArb(),
        host: pickArb(),
        account: pickArb(),
        groups: membership,
      }),
      // Two instances when allowed: most promises are about a pair of instances.
      { minLength: Math.min(2, o.maxInstances), maxLength: o.maxInstances },
    ),
  });
}

function groupNames(
  profile: ProfileName,
  shape: TopologyShape,
): { name: string; account?: string }[] {
  return shape.groups.map((g, i) => {
    if (profile !== 'cloudstack') return { name: `sg${i + 1}` };
    const account = ACCOUNT_NAMES[g.account % shape.accountCount] as string;
    return { name: i === 0 && g.isDefault ? defaultGroupOf(account) : `sg${i + 1}`, account };
  });
}

/** Builds the concrete topology of `shape` (every address explicit). */
export function buildTopology(profile: ProfileName, shape: TopologyShape): TopologyInput {
  const kinds = PROFILE_NETWORK_KINDS[profile];
  const sites = SITE_NAMES.slice(0, shape.siteCount);
  const networks = sites.flatMap((site, s) =>
    kinds.map((kind) => ({ name: `${site}-${kind}`, site, kind, cidr: networkCidr(kind, s) })),
  );
  const hosts = sites.flatMap((site, s) =>
    Array.from({ length: shape.hostsPerSite[s] ?? 1 }, (_, h) => ({
      name: `${site}-cmp${h + 1}`,
      site,
      publicIp: hostPublicIp(s, h),
    })),
  );
  const groups = groupNames(profile, shape);
  const used = new Map<string, number>();
  const instances = shape.instances.map((shapeOf, i) => {
    const s = shapeOf.site % shape.siteCount;
    const kind = kinds[shapeOf.kind % kinds.length] ?? 'public';
    const network = `${sites[s]}-${kind}`;
    const k = used.get(network) ?? 0;
    used.set(network, k + 1);
    const account =
      profile === 'cloudstack' ? ACCOUNT_NAMES[shapeOf.account % shape.accountCount] : undefined;
    // cloudstack: an instance's groups belong to its account.
    const candidates = groups.filter((g) => g.account === account).map((g) => g.name);
    // A later pick is an offset from the first, so two picks name two distinct groups.
    const first = shapeOf.groups[0] ?? 0;
    const at = (p: number, j: number): number =>
      j === 0 ? p : first + 1 + (p % Math.max(1, candidates.length - 1));
    const chosen = [
      ...new Set(shapeOf.groups.map((p, j) => candidates[at(p, j) % candidates.length])),
    ];
    return {
      name: `vm${i + 1}`,
      network,
      host: `${sites[s]}-cmp${(shapeOf.host % (shape.hostsPerSite[s] ?? 1)) + 1}`,
      ip: instanceIp(kind, s, k),
      ...(account === undefined ? {} : { account }),
      groups: chosen.filter((g): g is string => g !== undefined),
    };
  });
  const externals = Array.from({ length: shape.externalCount }, (_, e) => ({
    name: `ext${e + 1}`,
    ip: externalIp(e),
  }));
  // NEUTRON-ROUTER-SNAT: each site's virtual router, written out like the hosts' addresses.
  const routed = profiles[profile].natSource === 'router' && kinds.includes('nat');
  const siteList = sites.map((name, s) =>
    routed ? { name, routerIp: siteRouterIp(s) } : { name },
  );
  const bare = { sites: siteList, networks, hosts, instances, externals };
  // Rules may name instances, hosts and groups, so resolve them against the rest first.
  const view = topologyView(profile, { ...bare, groups: groups.map((g) => ({ ...g, rules: [] })) });
  const memberships = new Map(instances.map((i) => [i.name, i.groups]));
  return {
    ...bare,
    groups: groups.map((g, i) => ({
      ...g,
      rules: (shape.groups[i]?.rules ?? []).map((r) => resolveRule(view, memberships, r)),
    })),
  };
}

/** Concrete topologies for `options`. */
export function topologyArbitrary(options: GeneratorOptions): fc.Arbitrary<TopologyInput> {
  return topologyShapeArbitrary(options).map((shape) => buildTopology(options.profile, shape));
}
