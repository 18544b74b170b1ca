/**
 * Plain functions that build abstract steps from picks. Templates generate picks
 * with `fc.record` and assemble steps with these in `map`, which keeps shrinking
 * simple (no `chain`).
 */
import type { AbstractStep } from './abstract-step.ts';
import type { Direction } from '../../spec/index.ts';
import type { GroupPick, InstancePick, RulePick } from './picks.ts';

/** A group of `instance` (the `pick`-th one it is in at that point). */
export const groupOf = (instance: InstancePick, pick = 0): GroupPick => ({
  kind: 'groupOf',
  instance,
  pick,
});

/** The "open wide" rule users write: any protocol, any port, from/to anywhere. */
export const wideRule = (direction: Direction): RulePick => ({
  direction,
  protocol: 'any',
  ports: undefined,
  remote: { kind: 'anywhere' },
});

export const addRule = (group: GroupPick, rule: RulePick): AbstractStep => ({
  op: 'addRule',
  group,
  rule,
});

/**
 * Wide egress on `a` and wide ingress on `b` (each put in a group first if in none):
 * a new a->b flow is admitted, unless the network kinds forbid it. `last` says which
 * rule comes last (the one a later `removeLastAdded` takes away).
 */
export function admit(
  a: InstancePick,
  b: InstancePick,
  last: 'ingress' | 'egress' = 'ingress',
): AbstractStep[] {
  const egress = addRule(groupOf(a), wideRule('egress'));
  const ingress = addRule(groupOf(b), wideRule('ingress'));
  return [
    { op: 'ensureGroup', instance: a },
    { op: 'ensureGroup', instance: b },
    ...(last === 'ingress' ? [egress, ingress] : [ingress, egress]),
  ];
}

/** The most recently opened flow. */
export const LATEST = { recent: 0 } as const;
