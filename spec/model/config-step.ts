/**
 * Configuration steps: rules added/removed, groups attached/detached. They change
 * the topology (shared structurally with the previous state) and, per the profile's
 * `onRuleRemoval`, keep or flush established flows (CT-KEEP-ON-REMOVE).
 */
import { describeRule } from '../describe/describe.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Step } from '../schema/scenario.ts';
import { sameRule } from './compiled-rule.ts';
import { deleteByNeutronScope } from './ct-delete.ts';
import { refreshFlows } from './flows.ts';
import { deriveAfterMembership, deriveAfterRules, indexOf } from './topology-index.ts';
import type { ModelState, ResolvedTopology, StepResult } from './types.ts';
import type { RequirementId } from '../requirements/index.ts';

type ConfigStep = Extract<Step, { op: 'addRule' | 'removeRule' | 'attachGroup' | 'detachGroup' }>;

function noop(state: ModelState, reason: string): StepResult {
  return { state, expectation: { kind: 'noop', reason } };
}

function changed(
  profile: Profile,
  state: ModelState,
  topology: ResolvedTopology,
  removal: Extract<ConfigStep, { op: 'removeRule' | 'detachGroup' }> | null,
  requirements: RequirementId[],
  reason: string,
): StepResult {
  const flush = removal !== null && profile.onRuleRemoval === 'flush';
  const neutron = flush && profile.ctDeleteScope === 'neutron';
  if (removal !== null) requirements.push(flush ? 'CT-FLUSH-ON-REMOVE' : 'CT-KEEP-ON-REMOVE');
  // NEUTRON-CT-DELETE: by protocol, direction and port address, also flows still admitted.
  if (neutron) requirements.push('NEUTRON-CT-DELETE');
  const flows = neutron
    ? deleteByNeutronScope(profile, topology, removal, state.flows)
    : flush
      ? refreshFlows(profile, topology, state.flows)
      : state.flows;
  const suffix =
    removal === null
      ? ''
      : neutron
        ? removal.op === 'removeRule'
          ? `; every ${removal.rule.protocol === 'any' ? '' : `${removal.rule.protocol} `}conntrack entry ${removal.rule.direction === 'ingress' ? 'to' : 'from'} a member of ${removal.group} goes, also of flows still admitted`
          : `; every conntrack entry of ${removal.instance} goes, and those between it and ports naming ${removal.group}`
        : flush
          ? '; flows it admitted are cut'
          : '; established flows stay';
  return {
    state: { ...state, topology, flows },
    expectation: { kind: 'config', requirements, reason: reason + suffix },
  };
}

function changeRules(
  profile: Profile,
  state: ModelState,
  step: Extract<ConfigStep, { op: 'addRule' | 'removeRule' }>,
): StepResult {
  const t = state.topology;
  const at = t.groups.findIndex((g) => g.name === step.group);
  const group = t.groups[at];
  if (group === undefined) return noop(state, `group ${step.group} does not exist`);
  let rules = group.rules;
  if (step.op === 'addRule') rules = [...rules, step.rule];
  else {
    const i = rules.findIndex((r) => sameRule(r, step.rule));
    if (i < 0) return noop(state, `group ${step.group} has no rule "${describeRule(step.rule)}"`);
    rules = [...rules.slice(0, i), ...rules.slice(i + 1)];
  }
  const next = { ...group, rules };
  const groups = [...t.groups];
  groups[at] = next;
  const topology = { ...t, groups };
  deriveAfterRules(indexOf(t), topology, next);
  const requirements: RequirementId[] = ['SG-MATCH'];
  const firstEgress =
    step.op === 'addRule' &&
    step.rule.direction === 'egress' &&
    profile.egressWithoutEgressRules === 'allow' &&
    !group.rules.some((r) => r.direction === 'egress');
  if (firstEgress) requirements.push('CS-EGRESS-OPEN');
  const verb = step.op === 'addRule' ? 'added to' : 'removed from';
  const note = firstEgress
    ? ` (its first egress rule: egress of its members is no longer open)`
    : '';
  return changed(
    profile,
    state,
    topology,
    step.op === 'removeRule' ? step : null,
    requirements,
    `rule "${describeRule(step.rule)}" ${verb} ${step.group}${note}`,
  );
}

function changeMembership(
  profile: Profile,
  state: ModelState,
  step: Extract<ConfigStep, { op: 'attachGroup' | 'detachGroup' }>,
): StepResult {
  // CS-NO-GROUP-CHANGE: the platform offers no such operation.
  if (!profile.groupChangesAfterCreate)
    return noop(
      state,
      `${profile.name} cannot change an instance's groups after creation (CS-NO-GROUP-CHANGE)`,
    );
  const t = state.topology;
  const at = t.instances.findIndex((i) => i.name === step.instance);
  const instance = t.instances[at];
  if (instance === undefined) return noop(state, `instance ${step.instance} does not exist`);
  if (!t.groups.some((g) => g.name === step.group))
    return noop(state, `group ${step.group} does not exist`);
  const member = instance.groups.includes(step.group);
  if (step.op === 'attachGroup' && member)
    return noop(state, `${step.instance} is already in ${step.group}`);
  if (step.op === 'detachGroup' && !member)
    return noop(state, `${step.instance} is not in ${step.group}`);
  const groups =
    step.op === 'attachGroup'
      ? [...instance.groups, step.group]
      : instance.groups.filter((g) => g !== step.group);
  const instances = [...t.instances];
  instances[at] = { ...instance, groups };
  const topology = { ...t, instances };
  deriveAfterMembership(indexOf(t), topology, step.instance, groups);
  const requirements: RequirementId[] = ['SG-MATCH'];
  // SG-REMOTE-GROUP: rules naming this group now match a different member set.
  if (
    t.groups.some((g) => g.rules.some((r) => 'group' in r.remote && r.remote.group === step.group))
  )
    requirements.push('SG-REMOTE-GROUP');
  const text =
    step.op === 'attachGroup'
      ? `${step.instance} joins ${step.group}`
      : `${step.instance} leaves ${step.group}`;
  const removal = step.op === 'detachGroup' ? step : null;
  return changed(profile, state, topology, removal, requirements, text);
}

/** Applies one configuration step. */
export function configStep(profile: Profile, state: ModelState, step: ConfigStep): StepResult {
  return step.op === 'addRule' || step.op === 'removeRule'
    ? changeRules(profile, state, step)
    : changeMembership(profile, state, step);
}
