/**
 * Rule and step shape checks zod cannot express. Steps naming absent things are not
 * checked here (the model treats them as no-ops, so shrinking never makes a scenario
 * invalid); hand-written files get those checks from `parseStrictScenario`.
 */
import type { Rule, Scenario } from '../schema/scenario.ts';
import { issue, type ScenarioIssue } from './issue.ts';

function checkRule(rule: Rule, path: PropertyKey[], issues: ScenarioIssue[]): void {
  if (rule.ports !== undefined && (rule.protocol === 'icmp' || rule.protocol === 'any'))
    issues.push(
      issue(
        [...path, 'ports'],
        `"ports" on an ${rule.protocol} rule`,
        `remove "ports", or use protocol tcp or udp`,
      ),
    );
}

/** Issues for `ports` on icmp/any rules and tcp/udp traffic steps without a port. */
export function checkRulesAndSteps(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  scenario.topology.groups.forEach((g, i) =>
    g.rules.forEach((r, j) => checkRule(r, ['topology', 'groups', i, 'rules', j], issues)),
  );
  scenario.steps.forEach((s, i) => {
    if (s.op === 'addRule' || s.op === 'removeRule')
      checkRule(s.rule, ['steps', i, 'rule'], issues);
    if ((s.op === 'open' || s.op === 'probe') && s.protocol !== 'icmp' && s.port === undefined)
      issues.push(
        issue(
          ['steps', i, 'port'],
          `a ${s.protocol} ${s.op} needs a destination port`,
          'add "port": 1-65535',
        ),
      );
  });
  return issues;
}
