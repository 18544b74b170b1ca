/**
 * Rewrites of a topology index that stand for one broken promise each: the relaxed
 * model decides a flow with the rewritten index instead of the real one. Pure; the
 * real index is never modified.
 */
import type { Direction, RuleProtocol } from '../schema/scenario.ts';
import type { CompiledRule } from './compiled-rule.ts';
import type { CompiledGroup, TopologyIndex } from './topology-index.ts';

/** The name of the group that stands for "no filtering" on a side. */
const OPEN_GROUP = '(relaxed: unfiltered)';

/** A rule that admits all `protocol` traffic in `direction`. */
function allowAll(direction: Direction, protocol: RuleProtocol = 'any'): CompiledRule {
  const remote = { cidr: '0.0.0.0/0' };
  return {
    rule: { direction, protocol, remote },
    direction,
    protocol,
    lo: 1,
    hi: 65535,
    first: 0,
    last: 0xffffffff,
    group: null,
  };
}

function withRules(group: CompiledGroup, rules: readonly CompiledRule[]): CompiledGroup {
  return {
    ...group,
    rules,
    hasEgress: rules.some((r) => r.direction === 'egress'),
    hasIngress: rules.some((r) => r.direction === 'ingress'),
  };
}

/** Every group's rules rewritten by `f` (a rule may become none or several). */
export function mapRules(
  index: TopologyIndex,
  f: (rule: CompiledRule, group: CompiledGroup) => readonly CompiledRule[],
): TopologyIndex {
  const groups = new Map<string, CompiledGroup>();
  for (const [name, g] of index.groups)
    groups.set(
      name,
      withRules(
        g,
        g.rules.flatMap((r) => f(r, g)),
      ),
    );
  return { ...index, groups };
}

/** Every group also admits all `protocol` traffic in `direction` (that side is not filtered). */
export function openSide(
  index: TopologyIndex,
  direction: Direction,
  protocol: RuleProtocol = 'any',
): TopologyIndex {
  const groups = new Map<string, CompiledGroup>();
  for (const [name, g] of index.groups)
    groups.set(name, withRules(g, [...g.rules, allowAll(direction, protocol)]));
  return { ...index, groups };
}

/** Instances in no group are put in a group that admits everything. */
export function openGroupless(index: TopologyIndex): TopologyIndex {
  const instanceGroups = new Map(index.instanceGroups);
  for (const [name, groups] of index.instanceGroups)
    if (groups.length === 0) instanceGroups.set(name, [OPEN_GROUP]);
  const open: CompiledGroup = withRules(
    { name: OPEN_GROUP, account: '', rules: [], hasEgress: false, hasIngress: false },
    [allowAll('egress'), allowAll('ingress')],
  );
  return { ...index, instanceGroups, groups: new Map([...index.groups, [OPEN_GROUP, open]]) };
}

/** Each instance's groups replaced by `f` of them. */
export function mapInstanceGroups(
  index: TopologyIndex,
  f: (instance: string, groups: readonly string[]) => readonly string[],
): TopologyIndex {
  const instanceGroups = new Map<string, readonly string[]>();
  for (const [name, groups] of index.instanceGroups) instanceGroups.set(name, f(name, groups));
  return { ...index, instanceGroups };
}

/** Remote groups resolved with `members` instead of the current members. */
export function withMembers(
  index: TopologyIndex,
  members: ReadonlyMap<string, ReadonlySet<number>>,
): TopologyIndex {
  return { ...index, members };
}
