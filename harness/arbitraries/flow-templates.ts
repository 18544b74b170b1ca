/**
 * Step templates around named flows: the conntrack promises (CT-REPLY,
 * CT-KEEP-ON-REMOVE, CT-NO-REVERSE, CT-RELATED) and anti-spoofing. Each is a short pattern with
 * random parts; `steps-arbitrary.ts` mixes them.
 */
import fc from 'fast-check';
import type { ProfileName } from '../../spec/index.ts';
import type { AbstractStep } from './abstract-step.ts';
import { distinctB } from './picks.ts';
import { instancePickArb, pickArb, sometimesExternalArb, trafficProtocolArb } from './picks.ts';
import type { InstancePick, RulePick } from './picks.ts';
import { rulePickArb } from './rule-arbitrary.ts';
import { trafficPortArb } from './traffic-pick-arbitrary.ts';
import { spoofSourceArb } from './random-step-arbitrary.ts';
import { LATEST, addRule, admit, admitService, groupOf } from './step-builders.ts';

type ChangeKind = 'removeAdmitting' | 'removeOfA' | 'removeOfB' | 'addToB' | 'detachA' | 'detachB';

function change(
  kind: ChangeKind,
  a: InstancePick,
  b: InstancePick,
  pick: number,
  rule: RulePick,
): AbstractStep {
  switch (kind) {
    case 'removeAdmitting':
      return { op: 'removeLastAdded' };
    case 'removeOfA':
      return { op: 'removeRule', group: groupOf(a, pick), pick };
    case 'removeOfB':
      return { op: 'removeRule', group: groupOf(b, pick), pick };
    case 'addToB':
      return addRule(groupOf(b, pick), rule);
    case 'detachA':
      return { op: 'detachGroup', instance: a, pick };
    case 'detachB':
      return { op: 'detachGroup', instance: b, pick };
  }
}

/** open a->b (usually admitted), change the rules or groups, then reply (and maybe forward). */
export function replyAfterChangeTemplate(profile: ProfileName): fc.Arbitrary<AbstractStep[]> {
  // Removing the rule that admitted the flow is what flushing implementations get wrong.
  const kinds: ChangeKind[] = ['removeAdmitting', 'removeAdmitting', 'removeAdmitting'];
  kinds.push('removeOfA', 'removeOfB', 'addToB');
  if (profile !== 'cloudstack') kinds.push('detachA', 'detachB');
  return fc
    .record({
      // Private openers rarely get a flow admitted (NET-PRIVATE): prefer the others.
      a: instancePickArb(['public', 'nat']),
      b: instancePickArb(),
      // cloudstack: removing egress to the Internet reopens egress (CS-EGRESS-OPEN), so
      // only instance-to-instance flows lose their admission there.
      to: profile === 'cloudstack' ? fc.constant(null) : sometimesExternalArb(),
      // Mostly admitted (so the reply tests conntrack), mostly by rules for this one
      // service: wide rules in a group both ends share would also admit the reply as a
      // new flow, hiding a lost conntrack entry. Shrinks toward no prefix.
      admitted: fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant('no' as const), weight: 1 },
        { arbitrary: fc.constant('service' as const), weight: 3 },
        { arbitrary: fc.constant('wide' as const), weight: 1 },
      ),
      // An icmp "reply" is a forward echo: it tests conntrack only when the rule went away.
      protocol: fc.constantFrom(
        'tcp' as const,
        'udp' as const,
        'tcp' as const,
        'udp' as const,
        'icmp' as const,
      ),
      port: trafficPortArb(),
      change: fc.constantFrom(...kinds),
      pick: pickArb(),
      rule: rulePickArb(),
      forward: fc.boolean(),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => [
      // The rule that matters last, so `removeAdmitting` removes it: the source's egress
      // towards the Internet, the destination's ingress otherwise.
      ...(t.admitted === 'no'
        ? []
        : t.admitted === 'wide'
          ? admit(t.a, t.b, t.to === null ? 'ingress' : 'egress')
          : admitService(t.a, t.b, t.protocol, t.port, t.to === null ? 'ingress' : 'egress')),
      { op: 'open', from: t.a, to: t.to ?? t.b, protocol: t.protocol, port: t.port },
      change(t.change, t.a, t.b, t.pick, t.rule),
      { op: 'send', flow: LATEST, direction: 'reply' },
      ...(t.forward ? [{ op: 'send' as const, flow: LATEST, direction: 'forward' as const }] : []),
    ]);
}

/** open, forward, reply; sometimes close, then the reverse direction as a new flow (CT-NO-REVERSE). */
export function flowLifecycleTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      admitted: fc.boolean(),
      protocol: trafficProtocolArb(),
      port: trafficPortArb(),
      close: fc.boolean(),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => [
      ...(t.admitted ? admit(t.a, t.b) : []),
      { op: 'open', from: t.a, to: t.b, protocol: t.protocol, port: t.port },
      { op: 'send', flow: LATEST, direction: 'forward' },
      { op: 'send', flow: LATEST, direction: 'reply' },
      ...(t.close ? [{ op: 'close' as const, flow: LATEST }] : []),
      { op: 'probe', from: t.b, to: t.a, protocol: t.protocol, port: t.port },
    ]);
}

/** A spoofed datagram, usually where the real source would be admitted (only antispoofing stops it). */
export function spoofTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      to: sometimesExternalArb(),
      // Mostly admitted for the real source: then only anti-spoofing stops the packet.
      admitted: fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant(false), weight: 1 },
        { arbitrary: fc.constant(true), weight: 3 },
      ),
      source: spoofSourceArb(),
      port: trafficPortArb(),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => [
      ...(t.admitted ? admit(t.a, t.b) : []),
      { op: 'spoof', from: t.a, to: t.to ?? t.b, source: t.source, port: t.port },
    ]);
}

/**
 * An admitted udp datagram to a port nobody listens on: the ICMP port-unreachable must
 * come back (CT-RELATED). Only the udp service is admitted, so no rule would let the
 * error through as a new packet: only a `related` accept does.
 */
export function relatedTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(['public', 'nat']),
      b: instancePickArb(),
      to: sometimesExternalArb(),
      port: trafficPortArb(),
      // Mostly admitted (else nothing comes back either way); shrinks to the probe alone.
      admitted: fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant(false), weight: 1 },
        { arbitrary: fc.constant(true), weight: 3 },
      ),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => [
      ...(t.admitted
        ? admitService(t.a, t.b, 'udp', t.port, t.to === null ? 'ingress' : 'egress')
        : []),
      { op: 'probe', from: t.a, to: t.to ?? t.b, protocol: 'udp', port: t.port, closedPort: true },
    ]);
}
