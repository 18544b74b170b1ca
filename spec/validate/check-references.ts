/** Names the topology refers to must exist; the profile must offer each network kind. */
import type { Profile } from '../profiles/profile.ts';
import { defaultGroupAccount } from '../profiles/default-group.ts';
import type { Scenario } from '../schema/scenario.ts';
import { issue, type ScenarioIssue } from './issue.ts';

function known(names: readonly { name: string }[]): string {
  return names.length === 0 ? '(none declared)' : names.map((n) => n.name).join(', ');
}

/** Issues for unknown sites, networks, hosts and groups, and kinds the profile lacks. */
export function checkReferences(scenario: Scenario, profile: Profile): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const { topology: t } = scenario;
  const sites = new Set(t.sites.map((s) => s.name));
  const networks = new Map(t.networks.map((n) => [n.name, n]));
  const hosts = new Map(t.hosts.map((h) => [h.name, h]));
  const groups = new Set(t.groups.map((g) => g.name));
  // account-default profiles have an implicit default@<account> group for every account.
  const groupExists = (g: string): boolean =>
    groups.has(g) ||
    (profile.noGroup === 'account-default' && defaultGroupAccount(g) !== undefined);
  const groupHint = `declare it in topology.groups (known: ${known(t.groups)})`;

  t.networks.forEach((n, i) => {
    if (!sites.has(n.site))
      issues.push(
        issue(
          ['topology', 'networks', i, 'site'],
          `unknown site "${n.site}"`,
          `declare it in topology.sites (known: ${known(t.sites)})`,
        ),
      );
    if (!profile.networkKinds.includes(n.kind))
      issues.push(
        issue(
          ['topology', 'networks', i, 'kind'],
          `profile ${profile.name} has no "${n.kind}" networks`,
          `use one of: ${profile.networkKinds.join(', ')}`,
        ),
      );
  });
  t.hosts.forEach((h, i) => {
    if (!sites.has(h.site))
      issues.push(
        issue(
          ['topology', 'hosts', i, 'site'],
          `unknown site "${h.site}"`,
          `declare it in topology.sites (known: ${known(t.sites)})`,
        ),
      );
  });
  t.instances.forEach((inst, i) => {
    const network = networks.get(inst.network);
    const host = hosts.get(inst.host);
    if (network === undefined)
      issues.push(
        issue(
          ['topology', 'instances', i, 'network'],
          `unknown network "${inst.network}"`,
          `declare it in topology.networks (known: ${known(t.networks)})`,
        ),
      );
    if (host === undefined)
      issues.push(
        issue(
          ['topology', 'instances', i, 'host'],
          `unknown host "${inst.host}"`,
          `declare it in topology.hosts (known: ${known(t.hosts)})`,
        ),
      );
    if (network !== undefined && host !== undefined && network.site !== host.site)
      issues.push(
        issue(
          ['topology', 'instances', i, 'host'],
          `host "${host.name}" is in site "${host.site}" but network "${network.name}" is in site "${network.site}"`,
          `place the instance on a host of site "${network.site}"`,
        ),
      );
    inst.groups.forEach((g, j) => {
      if (!groupExists(g))
        issues.push(
          issue(['topology', 'instances', i, 'groups', j], `unknown group "${g}"`, groupHint),
        );
    });
  });
  t.groups.forEach((g, i) => {
    g.rules.forEach((r, j) => {
      if ('group' in r.remote && !groupExists(r.remote.group))
        issues.push(
          issue(
            ['topology', 'groups', i, 'rules', j, 'remote', 'group'],
            `unknown group "${r.remote.group}"`,
            groupHint,
          ),
        );
    });
  });
  return issues;
}
