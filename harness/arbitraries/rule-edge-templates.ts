/**
 * Step templates at the edges of rule matching: port range bounds (SG-MATCH),
 * remote-group membership changes (SG-REMOTE-GROUP) and instances in two groups
 * where only the second admits the flow (union over groups).
 */
import fc from 'fast-check';
import type { ProfileName } from '../../spec/index.ts';
import type { AbstractStep } from './abstract-step.ts';
import { distinctB } from './picks.ts';
import { instancePickArb, pickArb, sometimesExternalArb } from './picks.ts';
import { RANGE_EDGE_OFFSETS, RULE_RANGES, rangeEdgePort } from './port-universe.ts';
import { addRule, groupOf, wideRule } from './step-builders.ts';

/** A range rule, then a probe at one of its bounds (mostly the upper one) or just outside. */
export function rangeBoundTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      external: sometimesExternalArb(),
      range: fc.constantFrom(...RULE_RANGES),
      edge: fc.constantFrom(...RANGE_EDGE_OFFSETS),
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
      fromA: fc.boolean(),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => {
      const port = rangeEdgePort(t.range, t.edge);
      const probe = { protocol: t.protocol, port };
      if (t.external !== null) {
        // Egress range towards the Internet: the range rule is the source's.
        return [
          addRule(groupOf(t.a), {
            direction: 'egress',
            protocol: t.protocol,
            ports: t.range.spec,
            remote: { kind: 'anywhere' },
          }),
          { op: 'probe', from: t.a, to: t.external, ...probe },
        ];
      }
      return [
        addRule(groupOf(t.a), wideRule('egress')),
        addRule(groupOf(t.b), {
          direction: 'ingress',
          protocol: t.protocol,
          ports: t.range.spec,
          remote: t.fromA ? { kind: 'instanceIp', instance: t.a } : { kind: 'anywhere' },
        }),
        { op: 'probe', from: t.a, to: t.b, ...probe },
      ];
    });
}

/**
 * b admits members of a group; a joins or leaves it (safespring) or the rule goes
 * (cloudstack, where memberships are fixed); probes before and after.
 */
export function remoteGroupChangeTemplate(profile: ProfileName): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      group: pickArb(),
      join: fc.boolean(),
      port: fc.constantFrom(22, 80, 443),
      before: fc.boolean(),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => {
      const probe: AbstractStep = {
        op: 'probe',
        from: t.a,
        to: t.b,
        protocol: 'tcp',
        port: t.port,
      };
      const joining = profile !== 'cloudstack' && t.join;
      const remoteGroup = joining
        ? { kind: 'group' as const, pick: t.group }
        : groupOf(t.a, t.group);
      const changeStep: AbstractStep = joining
        ? { op: 'attachGroup', instance: t.a, group: { kind: 'group', pick: t.group } }
        : profile === 'cloudstack'
          ? { op: 'removeLastAdded' }
          : { op: 'detachGroup', instance: t.a, pick: t.group };
      return [
        addRule(groupOf(t.a), wideRule('egress')),
        addRule(groupOf(t.b), {
          direction: 'ingress',
          protocol: 'tcp',
          ports: undefined,
          remote: { kind: 'group', group: remoteGroup },
        }),
        ...(t.before ? [probe] : []),
        changeStep,
        probe,
      ];
    });
}

/** b's first group admits nothing new; a second group (attached here) admits the flow. */
export function secondGroupTemplate(profile: ProfileName): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      group: pickArb(),
      port: fc.constantFrom(22, 80, 443, 1002, 1005),
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    })
    .map(distinctB)
    .map((t): AbstractStep[] => {
      // cloudstack cannot attach: use b's second initial group when it has one.
      const second =
        profile === 'cloudstack' ? groupOf(t.b, 1) : { kind: 'group' as const, pick: t.group };
      return [
        ...(profile === 'cloudstack'
          ? []
          : [{ op: 'attachGroup' as const, instance: t.b, group: second }]),
        addRule(groupOf(t.a), wideRule('egress')),
        addRule(second, {
          direction: 'ingress',
          protocol: t.protocol,
          ports: undefined,
          remote: { kind: 'anywhere' },
        }),
        { op: 'probe', from: t.a, to: t.b, protocol: t.protocol, port: t.port },
      ];
    });
}
