/**
 * The topology as some classic defects see it, so the reference model can say which
 * traffic would show them: rules of the first group only, rules matching tcp and udp
 * alike, port ranges missing their upper port, groups kept after a detach, and
 * remote-group members frozen at the first apply naming the group. Pure.
 */
import type { ResolvedTopology, Rule } from '../../spec/index.ts';

/** Addresses of the current members of `group`. */
export const membersOf = (t: ResolvedTopology, group: string): string[] =>
  t.instances.filter((i) => i.groups.includes(group)).map((i) => i.ip);

function mapRules(t: ResolvedTopology, f: (rule: Rule) => Rule[]): ResolvedTopology {
  return { ...t, groups: t.groups.map((g) => ({ ...g, rules: (g.rules ?? []).flatMap(f) })) };
}

/**
 * Remote-group rules replaced by one /32 rule per member (`members` says who), so
 * membership no longer depends on the instances' groups.
 */
export function withFixedMembers(
  t: ResolvedTopology,
  members: (group: string) => readonly string[],
): ResolvedTopology {
  return mapRules(t, (r) =>
    'group' in r.remote
      ? members(r.remote.group).map((ip) => ({ ...r, remote: { cidr: `${ip}/32` } }))
      : [r],
  );
}

/** Each instance filtered by its first group's rules only. */
export function firstGroupOnly(t: ResolvedTopology): ResolvedTopology {
  const fixed = withFixedMembers(t, (g) => membersOf(t, g));
  return {
    ...fixed,
    instances: fixed.instances.map((i) => ({ ...i, groups: i.groups.slice(0, 1) })),
  };
}

/** Each instance still filtered by the groups it was created in. */
export function initialGroupsKept(
  t: ResolvedTopology,
  initial: ResolvedTopology,
): ResolvedTopology {
  const fixed = withFixedMembers(t, (g) => membersOf(t, g));
  const before = new Map(initial.instances.map((i) => [i.name, i.groups]));
  return {
    ...fixed,
    instances: fixed.instances.map((i) => ({
      ...i,
      groups: [...new Set([...(before.get(i.name) ?? []), ...i.groups])],
    })),
  };
}

/** A tcp rule also admits udp on its ports, and the other way round. */
export function protocolBlind(t: ResolvedTopology): ResolvedTopology {
  return mapRules(t, (r) =>
    r.protocol === 'tcp' || r.protocol === 'udp'
      ? [r, { ...r, protocol: r.protocol === 'tcp' ? 'udp' : 'tcp' }]
      : [r],
  );
}

/** Port ranges lose their upper port (a single-port rule admits nothing). */
export function upperPortExcluded(t: ResolvedTopology): ResolvedTopology {
  return mapRules(t, (r) => {
    if (r.ports === undefined || (r.protocol !== 'tcp' && r.protocol !== 'udp')) return [r];
    const [lo, hi = lo] = r.ports.split('-').map(Number) as [number, number?];
    const top = hi - 1;
    if (top < lo) return [];
    return [{ ...r, ports: top === lo ? String(lo) : `${lo}-${top}` }];
  });
}
