/**
 * Deterministic address allocation. Instances, in declaration order, get the next
 * free usable address of their network; hosts get 192.0.2.11 upward and externals
 * 203.0.113.11 upward; with `routers`, each site with a nat network gets its virtual
 * router's address next in 192.0.2.0/24 (after the hosts, so hosts keep theirs).
 * Explicit addresses are never handed out again.
 */
import { addressPlan, intToIp, ipToInt, parseCidr, usableRange } from '../address/index.ts';
import type { Scenario } from '../schema/scenario.ts';
import { issue, type ScenarioIssue } from './issue.ts';

/** Addresses by position in each collection. */
export interface Allocation {
  readonly instances: readonly string[];
  readonly hosts: readonly string[];
  readonly externals: readonly string[];
  /** Per site: its virtual router's external address, or undefined (no router). */
  readonly routers: readonly (string | undefined)[];
}

export type AllocationResult =
  | { readonly ok: true; readonly allocation: Allocation }
  | { readonly ok: false; readonly issues: ScenarioIssue[] };

/** Fills every omitted address; fails only when a pool or plan block is exhausted. */
export function allocateAddresses(scenario: Scenario, routers = false): AllocationResult {
  const t = scenario.topology;
  const used = new Set<number>();
  for (const i of t.instances) if (i.ip !== undefined) used.add(ipToInt(i.ip));
  for (const h of t.hosts) if (h.publicIp !== undefined) used.add(ipToInt(h.publicIp));
  for (const e of t.externals) if (e.ip !== undefined) used.add(ipToInt(e.ip));
  for (const s of t.sites) if (s.routerIp !== undefined) used.add(ipToInt(s.routerIp));
  const issues: ScenarioIssue[] = [];

  // One cursor per block: the used set only grows, so "next free" never moves back.
  const cursors = new Map<string, number>();
  const take = (key: string, first: number, last: number): string | undefined => {
    let next = cursors.get(key) ?? first;
    while (next <= last && used.has(next)) next++;
    cursors.set(key, next + 1);
    if (next > last) return undefined;
    used.add(next);
    return intToIp(next);
  };

  const networks = new Map(t.networks.map((n) => [n.name, n]));
  const instances = t.instances.map((inst, i) => {
    if (inst.ip !== undefined) return inst.ip;
    const network = networks.get(inst.network);
    const usable = usableRange(parseCidr(network?.cidr ?? '0.0.0.0/32'));
    const ip = take(`network:${inst.network}`, usable.first, usable.last);
    if (ip !== undefined) return ip;
    issues.push(
      issue(
        ['topology', 'instances', i, 'ip'],
        `network "${inst.network}" (${network?.cidr}) has no free address left`,
        'widen the network\'s cidr or give the instance an explicit "ip"',
      ),
    );
    return '';
  });
  const fromPlan = (key: string, start: string, block: string, path: PropertyKey[]): string => {
    const ip = take(key, ipToInt(start), parseCidr(block).last - 1);
    if (ip !== undefined) return ip;
    issues.push(
      issue(path, `no free address left in ${block}`, 'give explicit addresses, or fewer entries'),
    );
    return '';
  };
  const hosts = t.hosts.map(
    (h, i) =>
      h.publicIp ??
      fromPlan('hosts', addressPlan.firstAllocatedHost, addressPlan.hosts, [
        'topology',
        'hosts',
        i,
        'publicIp',
      ]),
  );
  const externals = t.externals.map(
    (e, i) =>
      e.ip ??
      fromPlan('externals', addressPlan.firstAllocatedExternal, addressPlan.externals, [
        'topology',
        'externals',
        i,
        'ip',
      ]),
  );
  // NEUTRON-ROUTER-SNAT: a router per site that has a nat network, behind its hosts.
  const natSites = new Set(t.networks.filter((n) => n.kind === 'nat').map((n) => n.site));
  const siteRouters = t.sites.map((s, i) =>
    s.routerIp !== undefined || !routers || !natSites.has(s.name)
      ? s.routerIp
      : fromPlan('hosts', addressPlan.firstAllocatedHost, addressPlan.hosts, [
          'topology',
          'sites',
          i,
          'routerIp',
        ]),
  );
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, allocation: { instances, hosts, externals, routers: siteRouters } };
}
