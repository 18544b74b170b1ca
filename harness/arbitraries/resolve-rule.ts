/**
 * Turns rule and group picks into schema values against a topology view and the
 * current group memberships.
 */
import { intToIp, ipToInt, type Rule } from '../../spec/index.ts';
import type { GroupPick, InstancePick, RemotePick, RulePick } from './picks.ts';
import {
  ABSENT,
  defaultGroupOf,
  pickFrom,
  type InstanceView,
  type TopologyView,
} from './topology-view.ts';
import { EXTERNAL_BLOCK } from './address-plan.ts';

/** Current memberships by instance name (changes with attach/detach steps). */
export type Memberships = ReadonlyMap<string, readonly string[]>;

/** The instance a pick names: one of its role when there is one, else any instance. */
export function resolveInstance(view: TopologyView, pick: InstancePick): InstanceView | undefined {
  const other =
    pick.distinctFrom === undefined ? undefined : resolveInstance(view, pick.distinctFrom);
  const preferred = view.byRole[pick.role].filter((i) => i !== other);
  const rest = view.instances.filter((i) => i !== other);
  const candidates = preferred.length > 0 ? preferred : rest.length > 0 ? rest : view.instances;
  return pickFrom(candidates, pick.pick);
}

/** The groups an instance is effectively in (cloudstack: its account default when none). */
export function effectiveGroups(
  view: TopologyView,
  memberships: Memberships,
  name: string,
): string[] {
  const groups = [...(memberships.get(name) ?? [])];
  if (groups.length > 0 || view.profile !== 'cloudstack') return groups;
  const account = view.instances.find((i) => i.name === name)?.account ?? 'default';
  return [defaultGroupOf(account)];
}

/** A declared group: one the instance is in (or not in) when the pick says so and there is one. */
export function resolveGroup(
  view: TopologyView,
  memberships: Memberships,
  pick: GroupPick,
): string {
  if (pick.kind !== 'group') {
    const instance = resolveInstance(view, pick.instance);
    const own = instance === undefined ? [] : effectiveGroups(view, memberships, instance.name);
    const candidates =
      pick.kind === 'groupOf'
        ? own.filter((g) => view.groups.includes(g))
        : view.groups.filter((g) => !own.includes(g));
    const chosen = pickFrom(candidates, pick.pick);
    if (chosen !== undefined) return chosen;
  }
  return pickFrom(view.groups, pick.pick) ?? ABSENT;
}

const slash32 = (ip: string | undefined): string => (ip === undefined ? '0.0.0.0/0' : `${ip}/32`);

/** Widest block (at most a /24) whose lower bound (`lo`) or upper bound (`hi`) is `address`. */
function blockAt(address: number, bound: 'lo' | 'hi'): string {
  let prefix = 32;
  // Grow while the address stays the block's first (or last) address.
  while (prefix > 24) {
    const size = 2 ** (33 - prefix);
    const first = Math.floor(address / size) * size;
    if ((bound === 'lo' ? first : first + size - 1) !== address) break;
    prefix -= 1;
  }
  const size = 2 ** (32 - prefix);
  return `${intToIp(Math.floor(address / size) * size)}/${prefix}`;
}

/** The block with the address at (or, `outside`, just beside) its `bound`. */
function edgeBlock(ip: string | undefined, bound: 'lo' | 'hi', outside: boolean): string {
  if (ip === undefined) return '0.0.0.0/0';
  const address = ipToInt(ip) + (outside ? (bound === 'lo' ? 1 : -1) : 0);
  return blockAt(address, bound);
}

function resolveRemote(
  view: TopologyView,
  memberships: Memberships,
  remote: RemotePick,
): Rule['remote'] {
  switch (remote.kind) {
    case 'anywhere':
      return { cidr: '0.0.0.0/0' };
    case 'externalBlock':
      return { cidr: EXTERNAL_BLOCK };
    case 'pool':
      return { cidr: pickFrom(view.pools, remote.pick) ?? '0.0.0.0/0' };
    case 'instanceIp':
      return { cidr: slash32(resolveInstance(view, remote.instance)?.ip) };
    case 'externalIp':
      return { cidr: slash32(pickFrom(view.externals, remote.pick)?.ip) };
    case 'hostIpOf':
      return { cidr: slash32(resolveInstance(view, remote.instance)?.hostIp) };
    case 'edgeOf': {
      const ip = resolveInstance(view, remote.instance)?.ip;
      return { cidr: edgeBlock(ip, remote.bound, remote.outside) };
    }
    case 'group': {
      const g = remote.group;
      const group =
        g.kind === 'group'
          ? (pickFrom(view.remoteGroups, g.pick) ?? ABSENT)
          : resolveGroup(view, memberships, g);
      return { group };
    }
  }
}

/** A schema rule; ports only for tcp/udp (the schema ignores them otherwise). */
export function resolveRule(view: TopologyView, memberships: Memberships, pick: RulePick): Rule {
  const rule: Rule = {
    direction: pick.direction,
    protocol: pick.protocol,
    remote: resolveRemote(view, memberships, pick.remote),
  };
  if (pick.ports !== undefined && (pick.protocol === 'tcp' || pick.protocol === 'udp')) {
    return {
      direction: rule.direction,
      protocol: rule.protocol,
      ports: pick.ports,
      remote: rule.remote,
    };
  }
  return rule;
}
