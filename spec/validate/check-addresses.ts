/**
 * Address checks: pools inside the address plan, no overlapping pools, explicit
 * addresses inside their pool (or plan block), no address used twice.
 */
import {
  addressPlan,
  canonicalCidr,
  cidrContains,
  cidrsOverlap,
  cidrWithin,
  intToIp,
  ipToInt,
  isCanonicalCidr,
  parseCidr,
  planFor,
  usableRange,
  type CidrRange,
} from '../address/index.ts';
import type { Scenario } from '../schema/scenario.ts';
import { formatPath, issue, type ScenarioIssue } from './issue.ts';

function checkNetworks(t: Scenario['topology'], issues: ScenarioIssue[]): void {
  const ranges: { name: string; range: CidrRange }[] = [];
  t.networks.forEach((n, i) => {
    const path = ['topology', 'networks', i, 'cidr'];
    if (!isCanonicalCidr(n.cidr)) {
      issues.push(
        issue(
          path,
          `cidr ${n.cidr} has host bits set`,
          `write the network address: ${canonicalCidr(n.cidr)}`,
        ),
      );
      return;
    }
    const range = parseCidr(n.cidr);
    const plan = planFor(n.kind);
    if (!cidrWithin(range, parseCidr(plan)))
      issues.push(
        issue(
          path,
          `${n.kind} pool ${n.cidr} is outside the address plan`,
          `${n.kind} pools must lie within ${plan}`,
        ),
      );
    for (const other of ranges)
      if (cidrsOverlap(range, other.range))
        issues.push(
          issue(
            path,
            `pool ${n.cidr} overlaps network "${other.name}"`,
            'give every network a disjoint cidr',
          ),
        );
    ranges.push({ name: n.name, range });
  });
}

function checkInstanceAddresses(t: Scenario['topology'], issues: ScenarioIssue[]): void {
  const networks = new Map(t.networks.map((n) => [n.name, n]));
  t.instances.forEach((inst, i) => {
    const network = networks.get(inst.network);
    if (inst.ip === undefined || network === undefined || !isCanonicalCidr(network.cidr)) return;
    const usable = usableRange(parseCidr(network.cidr));
    const address = ipToInt(inst.ip);
    if (address < usable.first || address > usable.last)
      issues.push(
        issue(
          ['topology', 'instances', i, 'ip'],
          `address ${inst.ip} is outside the pool of network "${network.name}" (${network.cidr})`,
          `use an address from ${intToIp(usable.first)} to ${intToIp(usable.last)}, or omit "ip" to allocate one`,
        ),
      );
  });
}

function checkPlanBlock(
  items: readonly { readonly ip?: string | undefined }[],
  collection: 'hosts' | 'externals' | 'sites',
  field: 'publicIp' | 'ip' | 'routerIp',
  block: string,
  issues: ScenarioIssue[],
): void {
  const range = parseCidr(block);
  items.forEach((item, i) => {
    if (item.ip !== undefined && !cidrContains(range, ipToInt(item.ip)))
      issues.push(
        issue(
          [`topology`, collection, i, field],
          `address ${item.ip} is outside ${block}`,
          `${collection} addresses must lie within ${block}, or omit "${field}" to allocate one`,
        ),
      );
  });
}

function checkDuplicates(t: Scenario['topology'], issues: ScenarioIssue[]): void {
  const seen = new Map<string, string>();
  const visit = (ip: string | undefined, path: PropertyKey[]): void => {
    if (ip === undefined) return;
    const first = seen.get(ip);
    if (first === undefined) seen.set(ip, formatPath(path));
    else
      issues.push(
        issue(
          path,
          `address ${ip} is already used by ${first}`,
          'give every instance, host and external its own address',
        ),
      );
  };
  t.instances.forEach((x, i) => visit(x.ip, ['topology', 'instances', i, 'ip']));
  t.hosts.forEach((x, i) => visit(x.publicIp, ['topology', 'hosts', i, 'publicIp']));
  t.externals.forEach((x, i) => visit(x.ip, ['topology', 'externals', i, 'ip']));
  t.sites.forEach((x, i) => visit(x.routerIp, ['topology', 'sites', i, 'routerIp']));
}

/** Issues for pools and explicit addresses. */
export function checkAddresses(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const t = scenario.topology;
  checkNetworks(t, issues);
  checkInstanceAddresses(t, issues);
  checkPlanBlock(
    t.hosts.map((h) => ({ ip: h.publicIp })),
    'hosts',
    'publicIp',
    addressPlan.hosts,
    issues,
  );
  checkPlanBlock(t.externals, 'externals', 'ip', addressPlan.externals, issues);
  // A router's external address faces the Internet like a host's public one.
  checkPlanBlock(
    t.sites.map((s) => ({ ip: s.routerIp })),
    'sites',
    'routerIp',
    addressPlan.hosts,
    issues,
  );
  checkDuplicates(t, issues);
  return issues;
}
