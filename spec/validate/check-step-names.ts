/**
 * Strict checks for hand-written files: a step that names something the scenario never
 * has (an instance, external, group, rule or flow), or opens a flow already open, is a
 * mistake, not a no-op. Generated
 * scenarios and shrink candidates skip these checks (`parseScenario` stays lenient), so
 * shrinking never turns a scenario invalid.
 */
import { describeRule } from '../describe/describe.ts';
import { sameRule } from '../model/compiled-rule.ts';
import type { ResolvedScenario } from '../model/types.ts';
import type { Rule, Step } from '../schema/scenario.ts';
import { didYouMean } from './did-you-mean.ts';
import { issue, type ScenarioIssue } from './issue.ts';

interface Names {
  readonly instances: Map<string, string>;
  readonly endpoints: Map<string, string>;
  readonly groups: readonly string[];
  readonly hosts: readonly string[];
  /** Every rule each group has at some point so far: initial rules, then earlier addRules. */
  readonly rules: Map<string, Rule[]>;
  /** Flows opened by an earlier step, and by any step at all. */
  readonly openedBefore: Set<string>;
  /** Flows open at this point (an earlier open, no close since), by the opening step. */
  readonly openNow: Map<string, number>;
  readonly openedAnywhere: Map<string, number>;
}

function namesOf(scenario: ResolvedScenario): Names {
  const t = scenario.topology;
  const instances = new Map(t.instances.map((i) => [i.name, i.ip]));
  const openedAnywhere = new Map<string, number>();
  scenario.steps.forEach((s, i) => {
    if (s.op === 'open' && !openedAnywhere.has(s.flow)) openedAnywhere.set(s.flow, i);
  });
  return {
    instances,
    endpoints: new Map([...instances, ...t.externals.map((e) => [e.name, e.ip] as const)]),
    groups: t.groups.map((g) => g.name),
    hosts: t.hosts.map((h) => h.name),
    rules: new Map(t.groups.map((g) => [g.name, [...g.rules]])),
    openedBefore: new Set(),
    openNow: new Map(),
    openedAnywhere,
  };
}

type Push = (field: PropertyKey[], message: string, hint: string) => void;

function checkName(
  name: string,
  known: ReadonlyMap<string, unknown> | readonly string[],
  what: string,
  field: PropertyKey[],
  push: Push,
): boolean {
  const list = Array.isArray(known) ? known : [...(known as Map<string, unknown>).keys()];
  if (list.includes(name)) return true;
  push(field, `unknown ${what} "${name}"`, didYouMean(name, list, what));
  return false;
}

function checkRuleStep(
  step: Extract<Step, { op: 'addRule' | 'removeRule' }>,
  names: Names,
  push: Push,
): void {
  if (!checkName(step.group, names.groups, 'group', ['group'], push)) return;
  const remote = step.rule.remote;
  if ('group' in remote)
    checkName(remote.group, names.groups, 'group', ['rule', 'remote', 'group'], push);
  const rules = names.rules.get(step.group)!;
  if (step.op === 'addRule') rules.push(step.rule);
  else if (!rules.some((r) => sameRule(r, step.rule)))
    push(
      ['rule'],
      `group "${step.group}" never has the rule "${describeRule(step.rule)}"`,
      rules.length === 0
        ? `group "${step.group}" has no rules before this step: remove the step or add the rule first`
        : `copy one of its rules exactly: ${rules.map((r) => `"${describeRule(r)}"`).join(', ')}`,
    );
}

function checkEnds(
  step: Extract<
    Step,
    { op: 'open' | 'probe' | 'spoof' | 'mtuProbe' | 'eavesdrop' | 'forgeVxlan' | 'leakVxlan' }
  >,
  names: Names,
  push: Push,
): void {
  const instanceOnly = step.op === 'spoof' || step.op === 'leakVxlan';
  const from = instanceOnly ? names.instances : names.endpoints;
  const what = instanceOnly ? 'instance' : 'instance or external';
  const fromOk = checkName(step.from, from, what, ['from'], push);
  const toOk = checkName(step.to, names.endpoints, 'instance or external', ['to'], push);
  if (fromOk && toOk && step.from === step.to)
    push(
      ['to'],
      `"${step.from}" talking to itself does not cross the network`,
      'name another endpoint in "to"',
    );
  if (fromOk && step.op === 'spoof' && names.instances.get(step.from) === step.spoofedSource)
    push(
      ['spoofedSource'],
      `${step.spoofedSource} is ${step.from}'s own address: not a spoof`,
      'use an address the instance does not own, or a probe step',
    );
}

function checkFlowUse(flow: string, names: Names, push: Push): void {
  if (names.openedBefore.has(flow)) return;
  const later = names.openedAnywhere.get(flow);
  push(
    ['flow'],
    `no earlier step opens flow "${flow}"`,
    later === undefined
      ? didYouMean(flow, [...names.openedBefore], 'flow opened before this step')
      : `move the step that opens it (steps[${later}]) before this one`,
  );
}

function checkStep(step: Step, index: number, names: Names, push: Push): void {
  switch (step.op) {
    case 'addRule':
    case 'removeRule':
      return checkRuleStep(step, names, push);
    case 'attachGroup':
    case 'detachGroup':
      checkName(step.instance, names.instances, 'instance', ['instance'], push);
      checkName(step.group, names.groups, 'group', ['group'], push);
      return;
    case 'open': {
      checkEnds(step, names, push);
      const opened = names.openNow.get(step.flow);
      if (opened !== undefined)
        push(
          ['flow'],
          `flow "${step.flow}" is already open (steps[${opened}] opened it)`,
          'close it first, or give this flow another name',
        );
      else names.openNow.set(step.flow, index);
      names.openedBefore.add(step.flow);
      return;
    }
    case 'probe':
    case 'spoof':
    case 'mtuProbe':
    case 'eavesdrop':
    case 'forgeVxlan':
    case 'leakVxlan':
      return checkEnds(step, names, push);
    case 'send':
      return checkFlowUse(step.flow, names, push);
    case 'addIp':
      checkName(step.instance, names.instances, 'instance', ['instance'], push);
      return;
    case 'podQuery':
      checkName(step.from, names.instances, 'instance', ['from'], push);
      return;
    case 'migrate':
      checkName(step.instance, names.instances, 'instance', ['instance'], push);
      checkName(step.host, names.hosts, 'host', ['host'], push);
      return;
    case 'macSpoof':
    case 'arpSpoof':
    case 'broadcast':
    case 'rogueDhcp':
    case 'snoop':
    case 'stray': {
      const fromOk = checkName(step.from, names.instances, 'instance', ['from'], push);
      const toOk = checkName(step.to, names.instances, 'instance', ['to'], push);
      if (fromOk && toOk && step.from === step.to)
        push(
          ['to'],
          `"${step.from}" sending to itself does not cross its port`,
          'name a neighbour',
        );
      return;
    }
    case 'close':
      checkFlowUse(step.flow, names, push);
      names.openNow.delete(step.flow);
      return;
  }
}

/**
 * Issues for steps naming what the scenario never has (exit 2 for files users load).
 * Takes a resolved scenario, so profile default groups count as declared.
 */
export function strictStepIssues(scenario: ResolvedScenario): ScenarioIssue[] {
  const names = namesOf(scenario);
  const issues: ScenarioIssue[] = [];
  scenario.steps.forEach((step, i) =>
    checkStep(step, i, names, (field, message, hint) =>
      issues.push(issue(['steps', i, ...field], message, hint)),
    ),
  );
  return issues;
}
