/**
 * Templates for the L2 promises of a CloudStack basic zone: a frame a guest should
 * not get past its port, usually where the rules would admit the same datagram (only
 * the L2 checks stop it), a secondary address added then used as a source, and a
 * migration after which only the new host's rules can judge the traffic.
 */
import fc from 'fast-check';
import type { AbstractStep, L2Pick, SpoofSourcePick } from './abstract-step.ts';
import { A, B } from './focus-templates.ts';
import { instancePickArb, type InstancePick } from './picks.ts';
import { spoofSourceArb } from './random-step-arbitrary.ts';
import { addRule, admit, admitService, groupOf, serviceRule, wideRule } from './step-builders.ts';
import { trafficPortArb } from './traffic-pick-arbitrary.ts';

export const L2_OPS: readonly L2Pick['what'][] = [
  'macSpoof',
  'arpSpoof',
  'broadcast',
  'rogueDhcp',
  'snoop',
];

/**
 * neutron's frame steps with a promise of their own: a foreign source MAC
 * (NEUTRON-IP-MAC-PAIR) and broadcast judged by the rules (NEUTRON-BROADCAST).
 */
export const NEUTRON_L2_OPS: readonly L2Pick['what'][] = ['macSpoof', 'broadcast'];

/** What a spoofed ARP claims: mostly the gateway (the classic attack) or a neighbour. */
const claimArb = (): fc.Arbitrary<SpoofSourcePick> =>
  fc.oneof(
    { arbitrary: fc.constant({ kind: 'gateway' as const }), weight: 2 },
    { arbitrary: spoofSourceArb(), weight: 2 },
  );

/** Mostly admitted at L3 first, so only the L2 check can stop the frame. */
const admittedArb = () =>
  fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant(false), weight: 1 },
    { arbitrary: fc.constant(true), weight: 3 },
  );

/** One L2 step of `ops`, usually after rules that admit its L3 content. */
export function l2Template(ops: readonly L2Pick['what'][] = L2_OPS): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      what: fc.constantFrom(...ops),
      port: trafficPortArb(),
      claimed: claimArb(),
      flag: fc.boolean(),
      admitted: admittedArb(),
    })
    .map((t): AbstractStep[] => [
      ...(t.admitted ? admit(t.a, t.b) : []),
      {
        op: 'l2',
        what: t.what,
        from: t.a,
        to: t.b,
        port: t.port,
        claimed: t.claimed,
        flag: t.flag,
      },
    ]);
}

/** A secondary address added to a, then a datagram from it to b (L2-SECONDARY-IP). */
export function secondaryIpTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      pick: fc.nat({ max: 63 }),
      port: trafficPortArb(),
      admitted: admittedArb(),
    })
    .map((t): AbstractStep[] => secondaryIpSteps(t.a, t.b, t.pick, t.port, t.admitted));
}

function secondaryIpSteps(
  a: InstancePick,
  b: InstancePick,
  pick: number,
  port: number,
  admitted: boolean,
): AbstractStep[] {
  return [
    { op: 'addIp', instance: a, pick },
    ...(admitted ? admit(a, b) : []),
    { op: 'spoof', from: a, to: b, source: { kind: 'secondary' }, port },
  ];
}

/**
 * Queries to the pod-local server (L2-DHCP-DNS) once the rules admit everything between
 * A and B: the server still answers (a run stops at the rogue offer's disagreement
 * first, so that mutant's repro stays as short as before; the migrate focus is where
 * rules that admit nothing meet the queries). No randomness, so the runs' other values
 * stay as they were.
 */
const POD_QUERIES: readonly AbstractStep[] = [
  { op: 'podQuery', from: B, service: 'dhcp' },
  { op: 'podQuery', from: A, service: 'dns' },
];

/**
 * The coverage focus of one L2 promise (cloudstack): the rules admit every A -> B
 * datagram, then A puts `what` on its NIC toward neighbour B (the schedule places both
 * on one segment), so only the L2 check can stop it. The rogue DHCP focus then asks
 * the real server (`POD_QUERIES`).
 */
export function l2Focus(what: L2Pick['what']): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({ port: trafficPortArb(), claimed: claimArb(), flag: fc.boolean() })
    .map((t): AbstractStep[] => [
      ...admit(A, B),
      { op: 'l2', what, from: A, to: B, ...t },
      ...(what === 'rogueDhcp' ? POD_QUERIES : []),
    ]);
}

/**
 * The coverage focus of NEUTRON-INVALID: TCP segments of no connection between A and B
 * (one segment). First a FIN+ACK before any rule (dropped: only a defect that accepts
 * INVALID early lets it through), then, once A -> B is admitted on one tcp port, a
 * FIN+ACK and a bare ACK to it (the rules take them before neutron's INVALID drop), and a
 * FIN+ACK back from B, which no rule admits. Then A, whose rules admit nothing in, asks
 * the segment's server for a DHCP lease (NEUTRON-DHCP-CLIENT).
 */
export function invalidFocus(): fc.Arbitrary<AbstractStep[]> {
  const stray = (
    from: InstancePick,
    to: InstancePick,
    fin: boolean,
    port: number,
  ): AbstractStep => ({
    op: 'l2',
    what: 'stray',
    from,
    to,
    port,
    claimed: { kind: 'gateway' },
    flag: fin,
  });
  return fc.record({ port: trafficPortArb(), ackFirst: fc.boolean() }).map((t): AbstractStep[] => [
    stray(A, B, true, t.port),
    ...admitService(A, B, 'tcp', t.port),
    stray(A, B, !t.ackFirst, t.port),
    stray(A, B, t.ackFirst, t.port),
    stray(B, A, true, t.port),
    // NEUTRON-DHCP-CLIENT: A's rules admit nothing in, yet its DHCP discover is answered.
    { op: 'podQuery', from: A, service: 'dhcp' },
  ]);
}

/**
 * The coverage focus of NEUTRON-BROADCAST and NEUTRON-IP-MAC-PAIR (A and B on one
 * segment, in rule-less groups): once A may send anywhere, A broadcasts while B's rules
 * admit nothing in (dropped at B's port: only a filter that skips receivers' rules lets
 * it through), then with B admitting it (delivered: only a BUM drop stops it), then a
 * datagram from A's address in a frame with a MAC A does not own (dropped before any rule).
 */
export function broadcastFocus(): fc.Arbitrary<AbstractStep[]> {
  const l2 = (what: L2Pick['what'], port: number, flag: boolean): AbstractStep => ({
    op: 'l2',
    what,
    from: A,
    to: B,
    port,
    claimed: { kind: 'gateway' },
    flag,
  });
  return fc
    .record({ port: trafficPortArb(), multicast: fc.boolean(), service: fc.boolean() })
    .map((t): AbstractStep[] => [
      addRule(groupOf(A), wideRule('egress')),
      l2('broadcast', t.port, t.multicast),
      addRule(groupOf(B), t.service ? serviceRule('ingress', 'udp', t.port) : wideRule('ingress')),
      l2('broadcast', t.port, t.multicast),
      l2('macSpoof', t.port, false),
    ]);
}

/** The coverage focus of L2-SECONDARY-IP: an address added to A, then A -> B from it. */
export function secondaryIpFocus(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({ pick: fc.nat({ max: 63 }), port: trafficPortArb() })
    .map((t) => secondaryIpSteps(A, B, t.pick, t.port, true));
}

/**
 * The coverage focus of CS-MIGRATE (A and B on two hosts of one site, in rule-less
 * groups): B moves to A's host, then A probes B. A's egress is open and B's group
 * admits nothing, so only B's rules, which must have followed it, drop the probe; the
 * packet no longer crosses B's old host. Then both ask the pod-local server.
 */
export function migrateFocus(): fc.Arbitrary<AbstractStep[]> {
  const service = fc.record({
    protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    port: trafficPortArb(),
  });
  return service.map((s): AbstractStep[] => [
    { op: 'migrate', instance: B, near: A },
    { op: 'probe', from: A, to: B, protocol: s.protocol, port: s.port },
    // L2-DHCP-DNS: B still gets its lease on its new host; A, once its only egress
    // rule names one tcp port, still gets DNS answers.
    { op: 'podQuery', from: B, service: 'dhcp' },
    addRule(groupOf(A), serviceRule('egress', 'tcp', s.port)),
    { op: 'podQuery', from: A, service: 'dns' },
  ]);
}
