/**
 * Generated allow rules: a direction, a protocol, a port spec from the small port
 * universe and a remote. Resolved to a schema `Rule` by `resolve-rule.ts`.
 */
import fc from 'fast-check';
import type { Direction, RuleProtocol } from '../../spec/index.ts';
import { RULE_PORTS } from './port-universe.ts';
import { remotePickArb, type RemotePick, type RulePick } from './picks.ts';

/** Overrides for templates that need a rule of a particular shape. */
export interface RuleShape {
  readonly direction?: Direction;
  readonly protocol?: fc.Arbitrary<RuleProtocol>;
  readonly ports?: fc.Arbitrary<string | undefined>;
  readonly remote?: fc.Arbitrary<RemotePick>;
}

/** Any rule (tcp/udp weigh more: ports are where matching bugs hide). */
export function rulePickArb(shape: RuleShape = {}): fc.Arbitrary<RulePick> {
  return fc.record({
    direction:
      shape.direction === undefined
        ? fc.constantFrom<Direction>('ingress', 'egress')
        : fc.constant(shape.direction),
    protocol:
      shape.protocol ??
      fc.oneof(
        { arbitrary: fc.constantFrom<RuleProtocol>('tcp', 'udp'), weight: 3 },
        { arbitrary: fc.constantFrom<RuleProtocol>('icmp', 'any'), weight: 1 },
      ),
    ports: shape.ports ?? fc.constantFrom(...RULE_PORTS),
    remote: shape.remote ?? remotePickArb(),
  });
}
