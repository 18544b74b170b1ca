/**
 * Step templates for the coverage schedule. Unlike the mixed templates they name
 * fixed ends: `A` (the first instance), `B` (the second) and the external hosts, which
 * `coverage-schedule.ts` places where the focus needs them, in groups without rules;
 * so each template exercises what it targets, whatever the seed.
 */
import fc from 'fast-check';
import type { AbstractStep } from './abstract-step.ts';
import type { EndpointPick, ExternalPick, InstancePick } from './picks.ts';
import { RULE_RANGES } from './port-universe.ts';
import { LATEST, addRule, groupOf, notGroupOf, serviceRule, wideRule } from './step-builders.ts';

export const A: InstancePick = { kind: 'instance', role: 'any', pick: 0 };
export const B: InstancePick = { kind: 'instance', role: 'any', pick: 0, distinctFrom: A };
export const E1: ExternalPick = { kind: 'external', pick: 0 };
export const E2: ExternalPick = { kind: 'external', pick: 1 };

/** The far end of a focus flow: instance B, or the Internet. */
export type Far = 'B' | 'internet';

const farOf = (far: Far): EndpointPick => (far === 'B' ? B : E1);

const serviceArb = () =>
  fc.record({
    protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    port: fc.constantFrom(22, 80, 443),
  });

type Service = { protocol: 'tcp' | 'udp'; port: number };

/** Rules for A -> far on one service only (an external has no rules); the ingress last. */
function admitOne(far: Far, s: Service, last: 'ingress' | 'egress'): AbstractStep[] {
  const egress = addRule(groupOf(A), serviceRule('egress', s.protocol, s.port));
  if (far === 'internet') return [egress];
  const ingress = addRule(groupOf(B), serviceRule('ingress', s.protocol, s.port));
  return last === 'ingress' ? [egress, ingress] : [ingress, egress];
}

const open = (far: Far, s: Service): AbstractStep => ({
  op: 'open',
  from: A,
  to: farOf(far),
  ...s,
});
const probe = (from: EndpointPick, to: EndpointPick, s: Service): AbstractStep => ({
  op: 'probe',
  from,
  to,
  ...s,
});

/** CT-REPLY, CT-ESTABLISHED, CT-NO-REVERSE: a flow, its reply, more of it, then the reverse. */
export const reverseFocus = (far: Far): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    ...admitOne(far, s, 'ingress'),
    open(far, s),
    { op: 'send', flow: LATEST, direction: 'reply' },
    { op: 'send', flow: LATEST, direction: 'forward' },
    probe(farOf(far), A, s),
  ]);

/**
 * CT-KEEP-ON-REMOVE and a removal's effect: the rule that admitted a replied flow
 * goes (B's ingress, or A's egress to the Internet); the flow goes on, a new one is refused.
 */
export const keepOnRemoveFocus = (far: Far): fc.Arbitrary<AbstractStep[]> =>
  fc
    .record({ s: serviceArb(), last: fc.constantFrom('ingress' as const, 'egress' as const) })
    .map(({ s, last }) => [
      ...admitOne(far, s, last),
      open(far, s),
      { op: 'send', flow: LATEST, direction: 'reply' },
      { op: 'removeLastAdded' },
      { op: 'send', flow: LATEST, direction: 'forward' },
      probe(A, farOf(far), s),
    ]);

/** SG-NONE: A is in no group; the far end is open wide, both ways. */
export const noGroupFocus = (far: Far): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    ...(far === 'B'
      ? [addRule(groupOf(B), wideRule('ingress')), addRule(groupOf(B), wideRule('egress'))]
      : []),
    probe(A, farOf(far), s),
    probe(farOf(far), A, s),
  ]);

/** NET-PRIVATE (A private with wide rules), NET-NAT-IN / NET-PUBLIC (inbound to A). */
export const wideOpenFocus = (far: Far): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    addRule(groupOf(A), wideRule('egress')),
    addRule(groupOf(A), wideRule('ingress')),
    ...(far === 'B' ? [addRule(groupOf(B), wideRule('ingress'))] : []),
    probe(A, farOf(far), s),
    probe(farOf(far), A, s),
  ]);

/** NET-ANTISPOOF: A claims B's (or an external's) address. */
export const spoofFocus = (far: Far): fc.Arbitrary<AbstractStep[]> =>
  fc.constantFrom(22, 80, 443).map((port) => [
    {
      op: 'spoof',
      from: A,
      to: farOf(far),
      source: far === 'B' ? { kind: 'externalIp', pick: 1 } : { kind: 'instanceIp', instance: B },
      port,
    },
  ]);

/** NET-EXTERNAL: the Internet talks to itself, unfiltered. */
export const externalFocus = (): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [probe(E1, E2, s), probe(E2, E1, s)]);

/**
 * SG-REMOTE-GROUP and membership as a remote: B admits members of a group A is not
 * in; A joins it, then leaves it. From the Internet: no external is a member.
 */
export const remoteGroupFocus = (far: Far): fc.Arbitrary<AbstractStep[]> =>
  fc.constantFrom(22, 80, 443).map((port) => {
    const s = { protocol: 'tcp' as const, port };
    const fromMembers = addRule(groupOf(B), {
      direction: 'ingress',
      protocol: 'tcp',
      ports: undefined,
      remote: { kind: 'group', group: notGroupOf(A) },
    });
    if (far === 'internet') return [fromMembers, probe(E1, B, s)];
    return [
      addRule(groupOf(A), wideRule('egress')),
      fromMembers,
      { op: 'attachGroup', instance: A, group: notGroupOf(A) },
      probe(A, B, s),
      { op: 'detachGroup', instance: A, pick: 1 },
      probe(A, B, s),
    ];
  });

/** The side of A -> B a step under test works on. */
export type Side = 'ingress' | 'egress';

/** B's ingress (or A's egress) is open wide; the other side depends on the step. */
const openOther = (side: Side): AbstractStep =>
  side === 'ingress'
    ? addRule(groupOf(A), wideRule('egress'))
    : addRule(groupOf(B), wideRule('ingress'));

const owner = (side: Side): InstancePick => (side === 'ingress' ? B : A);

/** An added rule admits a flow refused before it. */
export const addRuleFocus = (side: Side): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    openOther(side),
    probe(A, B, s),
    addRule(groupOf(owner(side)), serviceRule(side, s.protocol, s.port)),
    probe(A, B, s),
  ]);

/** Attaching a group that holds the rule admits a flow refused before. */
export const attachFocus = (side: Side): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    openOther(side),
    addRule(notGroupOf(owner(side)), serviceRule(side, s.protocol, s.port)),
    probe(A, B, s),
    { op: 'attachGroup', instance: owner(side), group: notGroupOf(owner(side)) },
    probe(A, B, s),
  ]);

/** Detaching the only group that admitted a flow refuses it (SG-NONE). */
export const detachFocus = (side: Side): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    openOther(side),
    addRule(groupOf(owner(side)), serviceRule(side, s.protocol, s.port)),
    probe(A, B, s),
    { op: 'detachGroup', instance: owner(side), pick: 0 },
    probe(A, B, s),
  ]);

/** A rule whose remote block starts or ends at A's address, or just beside it. */
export const cidrEdgeFocus = (bound: 'lo' | 'hi', outside: boolean): fc.Arbitrary<AbstractStep[]> =>
  serviceArb().map((s) => [
    addRule(groupOf(A), wideRule('egress')),
    addRule(groupOf(B), {
      direction: 'ingress',
      protocol: s.protocol,
      ports: String(s.port),
      remote: { kind: 'edgeOf', instance: A, bound, outside },
    }),
    probe(A, B, s),
  ]);

/** A port range probed at and beside both bounds, and with the other protocol. */
export const portEdgesFocus = (): fc.Arbitrary<AbstractStep[]> =>
  fc
    .record({
      range: fc.constantFrom(...RULE_RANGES),
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    })
    .map(({ range, protocol }) => {
      const other = protocol === 'tcp' ? ('udp' as const) : ('tcp' as const);
      return [
        addRule(groupOf(A), wideRule('egress')),
        addRule(groupOf(B), {
          direction: 'ingress',
          protocol,
          ports: range.spec,
          remote: { kind: 'anywhere' },
        }),
        ...[range.lo - 1, range.lo, range.hi, range.hi + 1].map((port) =>
          probe(A, B, { protocol, port }),
        ),
        probe(A, B, { protocol: other, port: range.lo }),
      ];
    });

/**
 * NEUTRON-CT-DELETE: B admits one service from A and a sibling rule of the same
 * protocol on other ports; A opens the service and gets a reply; the sibling goes (the
 * rule added last); B speaks again on the open flow, mostly before A does.
 */
export const ctDeleteFocus = (): fc.Arbitrary<AbstractStep[]> =>
  fc
    .record({
      s: serviceArb(),
      sibling: fc.constantFrom('1000-1002', '1003-1005'),
      forwardFirst: fc.constantFrom(false, false, true),
    })
    .map(({ s, sibling, forwardFirst }): AbstractStep[] => [
      ...admitOne('B', s, 'ingress'),
      addRule(groupOf(B), {
        direction: 'ingress',
        protocol: s.protocol,
        ports: sibling,
        remote: { kind: 'anywhere' },
      }),
      open('B', s),
      { op: 'send', flow: LATEST, direction: 'reply' },
      { op: 'removeLastAdded' },
      ...(forwardFirst
        ? [{ op: 'send' as const, flow: LATEST, direction: 'forward' as const }]
        : []),
      { op: 'send', flow: LATEST, direction: 'reply' },
    ]);
