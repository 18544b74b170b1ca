/**
 * Step templates at the edges of rule matching (SG-MATCH): probes at the bounds of
 * a port range, and probes on a rule's port with the other protocol (tcp vs udp).
 * The other end of the flow is open wide, so the rule under test alone decides.
 */
import fc from 'fast-check';
import type { AbstractStep } from './abstract-step.ts';
import { distinctB, instancePickArb, sometimesExternalArb } from './picks.ts';
import type { ExternalPick, InstancePick, RulePick } from './picks.ts';
import { RANGE_EDGE_OFFSETS, RULE_RANGES, rangeEdgePort } from './port-universe.ts';
import { addRule, ensureGroup, groupOf, wideRule } from './step-builders.ts';

interface Ends {
  readonly a: InstancePick;
  readonly b: InstancePick;
  readonly external: ExternalPick | null;
  readonly fromA: boolean;
}

/**
 * `rule` decides probes a -> b (or a -> external): as b's ingress rule with a open
 * wide, or as a's egress rule towards the Internet (externals have no rules).
 */
function ruleDecides(
  t: Ends,
  rule: Omit<RulePick, 'direction' | 'remote'>,
  probes: readonly { protocol: 'tcp' | 'udp'; port: number }[],
): AbstractStep[] {
  if (t.external !== null) {
    return [
      ensureGroup(t.a),
      addRule(groupOf(t.a), { ...rule, direction: 'egress', remote: { kind: 'anywhere' } }),
      ...probes.map((p): AbstractStep => ({ op: 'probe', from: t.a, to: t.external!, ...p })),
    ];
  }
  return [
    ensureGroup(t.a),
    ensureGroup(t.b),
    addRule(groupOf(t.a), wideRule('egress')),
    addRule(groupOf(t.b), {
      ...rule,
      direction: 'ingress',
      remote: t.fromA ? { kind: 'instanceIp', instance: t.a } : { kind: 'anywhere' },
    }),
    ...probes.map((p): AbstractStep => ({ op: 'probe', from: t.a, to: t.b, ...p })),
  ];
}

const endsArb = () =>
  fc
    .record({
      a: instancePickArb(['public', 'nat']),
      b: instancePickArb(),
      external: sometimesExternalArb(),
      fromA: fc.boolean(),
    })
    .map(distinctB);

/** Rule port specs with a port inside each (`undefined`: every port). */
const RULE_SPANS = [
  ...RULE_RANGES.map((r) => ({ ports: r.spec, range: r, inside: r.lo + 1 })),
  ...RULE_RANGES.map((r) => ({ ports: r.spec, range: r, inside: r.lo + 1 })),
  { ports: '22', range: { lo: 22, hi: 22 }, inside: 22 },
  { ports: '443', range: { lo: 443, hi: 443 }, inside: 443 },
  { ports: undefined, range: null, inside: 1005 },
] as const;

/** Which probes follow the rule: at a bound of its ports, with the other protocol, or both. */
const PORT_PROBES = [['edge'], ['other'], ['edge', 'other'], ['edge', 'other']] as const;

/**
 * A tcp or udp rule, then probes: at one of its port bounds (mostly the upper one, where
 * off-by-one bugs live) or just outside them; and on a port it covers with the other
 * protocol, which it must not admit.
 */
export function portMatchTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      ends: endsArb(),
      span: fc.constantFrom(...RULE_SPANS),
      edge: fc.constantFrom(...RANGE_EDGE_OFFSETS),
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
      probes: fc.constantFrom(...PORT_PROBES),
    })
    .map((t) => {
      const other = t.protocol === 'tcp' ? ('udp' as const) : ('tcp' as const);
      const probes = t.probes.map((p) =>
        p === 'edge' && t.span.range !== null
          ? { protocol: t.protocol, port: rangeEdgePort(t.span.range, t.edge) }
          : { protocol: p === 'edge' ? t.protocol : other, port: t.span.inside },
      );
      return ruleDecides(t.ends, { protocol: t.protocol, ports: t.span.ports }, probes);
    });
}
