/**
 * SG-MATCH relaxed: the ways a rule match goes wrong, one index rewrite each. A
 * variant explains an observation when deciding the step's flow with it gives what
 * the dataplane saw; rewrites that change nothing for the flow explain nothing.
 */
import type { CompiledRule } from './compiled-rule.ts';
import { mapInstanceGroups, mapRules, openSide } from './relaxed-index.ts';
import type { TopologyIndex } from './topology-index.ts';
import type { ModelState } from './types.ts';
import { indexOf } from './topology-index.ts';

/** An index rewrite standing for one way the match goes wrong. */
export type Rewrite = (index: TopologyIndex) => TopologyIndex;

const hasPorts = (r: CompiledRule): boolean =>
  (r.protocol === 'tcp' || r.protocol === 'udp') && (r.lo > 1 || r.hi < 65535);

/** A port bound moved by one; a rule left with no port disappears. */
function portBound(bound: 'lo' | 'hi', delta: number): Rewrite {
  return (index) =>
    mapRules(index, (r) => {
      if (!hasPorts(r)) return [r];
      const moved = { ...r, [bound]: Math.min(65535, Math.max(1, r[bound] + delta)) };
      return moved.lo > moved.hi ? [] : [moved];
    });
}

/** A remote CIDR bound moved by one address (the block one wider or narrower). */
function cidrBound(bound: 'first' | 'last', delta: number): Rewrite {
  return (index) =>
    mapRules(index, (r) => {
      if (r.group !== null) return [r];
      const moved = { ...r, [bound]: Math.min(0xffffffff, Math.max(0, r[bound] + delta)) };
      return moved.first > moved.last ? [] : [moved];
    });
}

/** Misreadings of one field of a rule, that need no history. */
const FIELD_VARIANTS: readonly Rewrite[] = [
  // The union over groups is lost: only the instance's first group counts.
  (index) => mapInstanceGroups(index, (_, groups) => groups.slice(0, 1)),
  // Inclusive port ranges read as half-open (or one too wide) at either end.
  portBound('hi', -1),
  portBound('lo', +1),
  portBound('hi', +1),
  portBound('lo', -1),
  // Remote CIDR blocks one address off at either end.
  cidrBound('first', +1),
  cidrBound('last', -1),
  cidrBound('first', -1),
  cidrBound('last', +1),
  // The protocol is not matched between tcp and udp: a port rule opens both.
  (index) =>
    mapRules(index, (r) =>
      r.protocol === 'tcp' || r.protocol === 'udp'
        ? [r, { ...r, protocol: r.protocol === 'tcp' ? 'udp' : 'tcp' }]
        : [r],
    ),
  // ICMP admitted by every group in both directions.
  (index) => openSide(openSide(index, 'ingress', 'icmp'), 'egress', 'icmp'),
];

/**
 * Whole-side misreadings: every rule of a side, not one field of one rule. (One side's
 * rules not applied at all is SG-BOTH-ENDS relaxed: one end's allow is enough.)
 */
export const SIDE_VARIANTS: readonly Rewrite[] = [
  // Rule directions swapped (VM view against bridge view).
  (index) =>
    mapRules(index, (r) => [{ ...r, direction: r.direction === 'ingress' ? 'egress' : 'ingress' }]),
];

/**
 * The one-field SG-MATCH variants for a step reached through `history`: groups
 * detached earlier whose rules still apply, and the groups and rules of each earlier
 * state (a configuration step the dataplane never applied: an add, remove, attach or
 * detach ignored).
 */
export function fieldVariants(history: readonly ModelState[]): readonly Rewrite[] {
  const ever = new Map<string, Set<string>>();
  for (const state of history)
    for (const [name, groups] of indexOf(state.topology).instanceGroups) {
      const set = ever.get(name) ?? new Set<string>();
      for (const g of groups) set.add(g);
      ever.set(name, set);
    }
  const stale: Rewrite = (index) =>
    mapInstanceGroups(index, (name, groups) => [
      ...new Set([...groups, ...(ever.get(name) ?? [])]),
    ]);
  const earlier: Rewrite[] = history.slice(0, -1).flatMap((state) => {
    const then = indexOf(state.topology);
    return [
      (index: TopologyIndex) => ({ ...index, groups: then.groups }),
      (index: TopologyIndex) => ({ ...index, instanceGroups: then.instanceGroups }),
      // Removals ignored: the rules of then still apply beside today's.
      (index: TopologyIndex) => ({
        ...index,
        groups: new Map(
          [...index.groups].map(([name, g]) => {
            const rules = [...g.rules, ...(then.groups.get(name)?.rules ?? [])];
            const has = (d: string) => rules.some((r) => r.direction === d);
            return [name, { ...g, rules, hasEgress: has('egress'), hasIngress: has('ingress') }];
          }),
        ),
      }),
    ];
  });
  return [...FIELD_VARIANTS, stale, ...earlier];
}
