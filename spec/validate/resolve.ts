/**
 * Builds the resolved topology: addresses from the allocation, accounts, and the
 * profile's default groups (cloudstack: `default@<account>`, declared with no rules
 * when the file does not declare it).
 */
import type { Profile } from '../profiles/profile.ts';
import {
  DEFAULT_ACCOUNT,
  defaultGroupAccount,
  defaultGroupName,
} from '../profiles/default-group.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { ResolvedGroup, ResolvedInstance, ResolvedTopology } from '../model/types.ts';
import type { Allocation } from './allocate.ts';

/** The resolved topology of a valid scenario. */
export function resolveTopology(
  scenario: Scenario,
  profile: Profile,
  allocation: Allocation,
): ResolvedTopology {
  const t = scenario.topology;
  const instances: ResolvedInstance[] = t.instances.map((inst, i) => {
    const account = inst.account ?? DEFAULT_ACCOUNT;
    const groups =
      inst.groups.length === 0 && profile.noGroup === 'account-default'
        ? [defaultGroupName(account)]
        : [...inst.groups];
    return { ...inst, ip: allocation.instances[i] as string, account, groups };
  });
  const groups: ResolvedGroup[] = t.groups.map((g) => ({
    ...g,
    account: g.account ?? defaultGroupAccount(g.name) ?? DEFAULT_ACCOUNT,
    rules: [...g.rules],
  }));
  // Implicit default groups, in order of first reference.
  const declared = new Set(groups.map((g) => g.name));
  const referenced = [
    ...instances.flatMap((i) => i.groups),
    ...t.groups.flatMap((g) =>
      g.rules.flatMap((r) => ('group' in r.remote ? [r.remote.group] : [])),
    ),
  ];
  for (const name of referenced) {
    const account = defaultGroupAccount(name);
    if (declared.has(name) || account === undefined || profile.noGroup !== 'account-default')
      continue;
    declared.add(name);
    groups.push({ name, account, rules: [] });
  }
  return {
    resolved: true,
    sites: t.sites.map((s, i) => {
      const routerIp = allocation.routers[i];
      return routerIp === undefined ? { ...s } : { ...s, routerIp };
    }),
    networks: t.networks.map((n) => ({ ...n })),
    hosts: t.hosts.map((h, i) => ({ ...h, publicIp: allocation.hosts[i] as string })),
    instances,
    groups,
    externals: t.externals.map((e, i) => ({ ...e, ip: allocation.externals[i] as string })),
  };
}
