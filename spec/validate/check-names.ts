/** Duplicate names: each collection, plus instances and externals sharing one namespace. */
import type { Scenario } from '../schema/scenario.ts';
import { issue, type ScenarioIssue } from './issue.ts';

type Collection = 'sites' | 'networks' | 'hosts' | 'instances' | 'groups' | 'externals';

function duplicatesIn(
  topology: Scenario['topology'],
  collection: Collection,
  issues: ScenarioIssue[],
): void {
  const seen = new Map<string, number>();
  topology[collection].forEach((item, i) => {
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, i);
    else
      issues.push(
        issue(
          ['topology', collection, i, 'name'],
          `duplicate name "${item.name}" (also topology.${collection}[${first}])`,
          'give every entry of a collection a unique name',
        ),
      );
  });
}

/** Issues for duplicate names. */
export function checkNames(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const { topology } = scenario;
  for (const c of ['sites', 'networks', 'hosts', 'instances', 'groups', 'externals'] as const)
    duplicatesIn(topology, c, issues);
  // Traffic steps name their endpoints by name, so an instance and an external cannot share one.
  const instanceNames = new Set(topology.instances.map((i) => i.name));
  topology.externals.forEach((e, i) => {
    if (instanceNames.has(e.name))
      issues.push(
        issue(
          ['topology', 'externals', i, 'name'],
          `external "${e.name}" has the name of an instance`,
          'traffic steps name endpoints by name: rename the external or the instance',
        ),
      );
  });
  return issues;
}
