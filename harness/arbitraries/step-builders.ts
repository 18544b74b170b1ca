/**
 * Plain functions that build abstract steps from picks. Templates generate picks
 * with `fc.record` and assemble steps with these in `map`, which keeps shrinking
 * simple (no `chain`).
 */
import type { AbstractStep } from './abstract-step.ts';
import type { Direction, TrafficProtocol } from '../../spec/index.ts';
import type { GroupPick, InstancePick, RulePick } from './picks.ts';

/** A group of `instance` (the `pick`-th one it is in at that point). */
export const groupOf = (instance: InstancePick, pick = 0): GroupPick => ({
  kind: 'groupOf',
  instance,
  pick,
});

/** A group `instance` is not in (yet): what attaching it to `instance` adds. */
export const notGroupOf = (instance: InstancePick, pick = 0): GroupPick => ({
  kind: 'notGroupOf',
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

/**
 * A rule for exactly one service (protocol and destination port; icmp has none) from
 * or to anywhere. Unlike `wideRule` it never admits the reverse direction (a reply
 * goes to an ephemeral port), even when both ends share the group.
 */
export const serviceRule = (
  direction: Direction,
  protocol: TrafficProtocol,
  port: number,
): RulePick => ({
  direction,
  protocol,
  ports: protocol === 'icmp' ? undefined : String(port),
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

/** Puts `instance` in a group when it is in none (safespring; dropped otherwise). */
export const ensureGroup = (instance: InstancePick, atLeast: 1 | 2 = 1): AbstractStep =>
  atLeast === 1 ? { op: 'ensureGroup', instance } : { op: 'ensureGroup', instance, atLeast };

/**
 * Like `admit`, with `serviceRule`s for the one flow instead of wide rules, so the
 * reverse direction stays unadmitted (what a reply after a conntrack flush needs).
 */
export function admitService(
  a: InstancePick,
  b: InstancePick,
  protocol: TrafficProtocol,
  port: number,
  last: 'ingress' | 'egress' = 'ingress',
): AbstractStep[] {
  const egress = addRule(groupOf(a), serviceRule('egress', protocol, port));
  const ingress = addRule(groupOf(b), serviceRule('ingress', protocol, port));
  return [
    ensureGroup(a),
    ensureGroup(b),
    ...(last === 'ingress' ? [egress, ingress] : [ingress, egress]),
  ];
}

/** The most recently opened flow. */
export const LATEST = { recent: 0 } as const;
