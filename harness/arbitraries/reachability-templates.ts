/**
 * Step templates about who can reach whom: NAT to the Internet (NET-NAT-OUT), private
 * isolation (NET-PRIVATE), inbound to nat/private instances (NET-NAT-IN), ICMP without
 * ICMP rules, and a source without egress rules (SG-BOTH-ENDS).
 */
import fc from 'fast-check';
import type { AbstractStep } from './abstract-step.ts';
import { distinctB } from './picks.ts';
import { externalPickArb, instancePickArb, trafficProtocolArb } from './picks.ts';
import { rulePickArb } from './rule-arbitrary.ts';
import { trafficPortArb } from './traffic-pick-arbitrary.ts';
import { RULE_PORTS } from './port-universe.ts';
import { addRule, groupOf, wideRule } from './step-builders.ts';

/** A nat instance probing an external host, usually with an egress rule that allows it. */
export function natOutTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb('nat'),
      to: externalPickArb(),
      // Shrinks toward no egress rule (the first branch).
      egress: fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant('none' as const), weight: 1 },
        { arbitrary: fc.constant('wide' as const), weight: 3 },
        { arbitrary: rulePickArb({ direction: 'egress' }), weight: 1 },
      ),
      protocol: trafficProtocolArb(),
      port: trafficPortArb(),
    })
    .map((t): AbstractStep[] => [
      ...(t.egress === 'none'
        ? []
        : [addRule(groupOf(t.a), t.egress === 'wide' ? wideRule('egress') : t.egress)]),
      { op: 'probe', from: t.a, to: t.to, protocol: t.protocol, port: t.port },
    ]);
}

/** A private instance with a wide egress rule probing the Internet (never delivered). */
export function privateOutTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb('private'),
      to: externalPickArb(),
      protocol: trafficProtocolArb(),
      port: trafficPortArb(),
    })
    .map((t): AbstractStep[] => [
      addRule(groupOf(t.a), wideRule('egress')),
      { op: 'probe', from: t.a, to: t.to, protocol: t.protocol, port: t.port },
    ]);
}

/** An external host probing an instance that admits everything inbound. */
export function inboundTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      from: externalPickArb(),
      a: instancePickArb(),
      protocol: trafficProtocolArb(),
      port: trafficPortArb(),
    })
    .map((t): AbstractStep[] => [
      addRule(groupOf(t.a), wideRule('ingress')),
      { op: 'probe', from: t.from, to: t.a, protocol: t.protocol, port: t.port },
    ]);
}

/** ICMP where only tcp/udp rules exist (or none). */
export function icmpWithoutIcmpRuleTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      rules: fc.array(rulePickArb({ protocol: fc.constantFrom('tcp' as const, 'udp' as const) }), {
        maxLength: 2,
      }),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => [
      ...t.rules.map((r) => addRule(groupOf(r.direction === 'egress' ? t.a : t.b), r)),
      { op: 'probe', from: t.a, to: t.b, protocol: 'icmp', port: 22 },
    ]);
}

/** The destination's ingress admits the flow; the source has no egress rule for it. */
export function ingressOnlyTemplate(): fc.Arbitrary<AbstractStep[]> {
  const singlePorts = RULE_PORTS.filter(
    (p): p is '22' | '80' | '443' => p !== undefined && !p.includes('-'),
  );
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
      port: fc.constantFrom(...singlePorts),
      fromA: fc.boolean(),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => [
      addRule(groupOf(t.b), {
        direction: 'ingress',
        protocol: t.protocol,
        ports: t.port,
        remote: t.fromA ? { kind: 'instanceIp', instance: t.a } : { kind: 'anywhere' },
      }),
      { op: 'probe', from: t.a, to: t.b, protocol: t.protocol, port: Number(t.port) },
    ]);
}
