/**
 * Size limits, checked before anything else so a huge file fails fast and nothing is
 * half-built. They are what the netns dataplane builds reliably on a small machine (one
 * namespace and one ~50 MB probe agent per instance and external) and what fits the
 * address plan (sites: one link address each, nat/private pools one /16 per site).
 * Stated in docs/cli.md ("Scenario size limits"); the generator stays far below them.
 */
import type { Scenario } from '../schema/scenario.ts';
import { issue, type ScenarioIssue } from './issue.ts';

/** The largest scenario `parseScenario` accepts. */
export const SCENARIO_LIMITS = {
  sites: 16,
  networks: 32,
  hosts: 32,
  instances: 64,
  externals: 16,
  groups: 64,
  rulesPerGroup: 64,
  groupsPerInstance: 16,
  steps: 500,
} as const;

const WHY: Record<keyof typeof SCENARIO_LIMITS, string> = {
  sites: 'each site is a router namespace and two /16 pools of the address plan',
  networks: 'networks share the address plan',
  hosts: 'each host is a namespace with its own firewall',
  instances: 'each instance is a namespace with its own probe agent (~50 MB)',
  externals: 'each external is a namespace with its own probe agent (~50 MB)',
  groups: 'every group is compiled on every host',
  rulesPerGroup: 'every rule is compiled on every host',
  groupsPerInstance: 'every group of an instance is evaluated on each of its packets',
  steps: 'each traffic step is a real probe (blocked ones wait the probe timeout)',
};

function over(
  count: number,
  limit: keyof typeof SCENARIO_LIMITS,
  path: PropertyKey[],
  what: string,
): ScenarioIssue[] {
  const max = SCENARIO_LIMITS[limit];
  if (count <= max) return [];
  return [
    issue(
      path,
      `${count} ${what}: at most ${max} are allowed`,
      `split the scenario into smaller ones (${WHY[limit]}; limits in docs/cli.md)`,
    ),
  ];
}

/** Issues for collections larger than `SCENARIO_LIMITS`. */
export function checkLimits(scenario: Scenario): ScenarioIssue[] {
  const t = scenario.topology;
  return [
    ...over(t.sites.length, 'sites', ['topology', 'sites'], 'sites'),
    ...over(t.networks.length, 'networks', ['topology', 'networks'], 'networks'),
    ...over(t.hosts.length, 'hosts', ['topology', 'hosts'], 'hosts'),
    ...over(t.instances.length, 'instances', ['topology', 'instances'], 'instances'),
    ...over(t.externals.length, 'externals', ['topology', 'externals'], 'externals'),
    ...over(t.groups.length, 'groups', ['topology', 'groups'], 'groups'),
    ...t.groups.flatMap((g, i) =>
      over(
        g.rules.length,
        'rulesPerGroup',
        ['topology', 'groups', i, 'rules'],
        `rules in ${g.name}`,
      ),
    ),
    ...t.instances.flatMap((inst, i) =>
      over(
        inst.groups.length,
        'groupsPerInstance',
        ['topology', 'instances', i, 'groups'],
        `groups on ${inst.name}`,
      ),
    ),
    ...over(scenario.steps.length, 'steps', ['steps'], 'steps'),
  ];
}
