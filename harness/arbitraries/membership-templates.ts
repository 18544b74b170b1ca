/**
 * Step templates about group membership (SG-MATCH union over groups, SG-NONE,
 * SG-REMOTE-GROUP): a flow admitted only through an instance's second group, a probe
 * after detaching the group that granted it, and remote-group membership that grows or
 * shrinks after the rule naming the group was applied. Each keeps the other end open
 * with its own rule, so the membership alone decides the probe.
 */
import fc from 'fast-check';
import type { ProfileName } from '../../spec/index.ts';
import type { AbstractStep } from './abstract-step.ts';
import { distinctB, instancePickArb, pickArb, sometimesExternalArb } from './picks.ts';
import type { ExternalPick, InstancePick } from './picks.ts';
import {
  addRule,
  ensureGroup,
  groupOf,
  notGroupOf,
  serviceRule,
  wideRule,
} from './step-builders.ts';

const SERVICE_PORTS = [22, 80, 443, 1002, 1005] as const;

const serviceArb = () =>
  fc.record({
    protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'icmp' as const, 'tcp' as const),
    port: fc.constantFrom(...SERVICE_PORTS),
  });

type Side = 'ingress' | 'egress';

/** The end that is not under test admits the flow: wide rules (an external has none). */
function openOtherEnd(
  a: InstancePick,
  b: InstancePick,
  external: ExternalPick | null,
  side: Side,
): AbstractStep[] {
  if (side === 'egress' && external !== null) return [];
  const other = side === 'ingress' ? a : b;
  return [
    ensureGroup(other),
    addRule(groupOf(other), wideRule(side === 'ingress' ? 'egress' : 'ingress')),
  ];
}

/** What `grantingGroupTemplate` does after the rule: probe, detach then probe, or both. */
const GRANT_STORIES = ['probe', 'detach', 'detach', 'probe-detach', 'probe-detach'] as const;

/**
 * One group of an instance holds the only rule that admits a flow (ingress on b, or
 * egress on a, then sometimes towards an external host); the other end is open. Then:
 * a probe, where the group is the instance's second one (SG-MATCH: the union over
 * groups decides); and/or the group is detached and the flow probed again (refused
 * unless another group admits it; SG-NONE when it was the last). Detaching alone
 * takes a group the instance was created in, which agents that only ever add state
 * keep. cloudstack cannot attach or detach: the probe relies on instances created in
 * two groups, and the detach is a no-op.
 */
export function grantingGroupTemplate(): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(['public', 'nat']),
      b: instancePickArb(),
      side: fc.constantFrom<Side>('ingress', 'egress'),
      to: sometimesExternalArb(),
      story: fc.constantFrom(...GRANT_STORIES),
      service: serviceArb(),
    })
    .map(distinctB)
    .map(({ service, side, story, ...t }) => {
      const probe: AbstractStep = {
        op: 'probe',
        from: t.a,
        to: (side === 'egress' ? t.to : null) ?? t.b,
        ...service,
      };
      const owner = side === 'ingress' ? t.b : t.a;
      const at = story === 'detach' ? 0 : 1;
      return [
        ...openOtherEnd(t.a, t.b, side === 'egress' ? t.to : null, side),
        ensureGroup(owner),
        ...(at === 1 ? [ensureGroup(owner, 2)] : []),
        addRule(groupOf(owner, at), serviceRule(side, service.protocol, service.port)),
        ...(story === 'detach' ? [] : [probe]),
        ...(story === 'probe'
          ? []
          : [{ op: 'detachGroup' as const, instance: owner, pick: at }, probe]),
      ];
    });
}

/**
 * b admits tcp from the members of a group; then a joins that group (safespring:
 * from a group it is not in) or leaves it (a's second group; its egress rule is in its
 * first), or the rule goes (cloudstack, where memberships are fixed). Probes a -> b
 * after the change, sometimes before it too.
 */
export function remoteGroupChangeTemplate(profile: ProfileName): fc.Arbitrary<AbstractStep[]> {
  return fc
    .record({
      a: instancePickArb(),
      b: instancePickArb(),
      group: pickArb(),
      change: fc.constantFrom('join' as const, 'join' as const, 'leave' as const),
      port: fc.constantFrom(22, 80, 443),
      before: fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant(false), weight: 3 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
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
      const fixed = profile === 'cloudstack';
      const join = !fixed && t.change === 'join';
      const remote = join ? notGroupOf(t.a, t.group) : groupOf(t.a, fixed ? t.group : 1);
      const changeStep: AbstractStep = fixed
        ? { op: 'removeLastAdded' }
        : join
          ? { op: 'attachGroup', instance: t.a, group: notGroupOf(t.a, t.group) }
          : { op: 'detachGroup', instance: t.a, pick: 1 };
      return [
        ensureGroup(t.a),
        ...(join || fixed ? [] : [ensureGroup(t.a, 2)]),
        ensureGroup(t.b),
        addRule(groupOf(t.a), wideRule('egress')),
        addRule(groupOf(t.b), {
          direction: 'ingress',
          protocol: 'tcp',
          ports: undefined,
          remote: { kind: 'group', group: remote },
        }),
        ...(t.before ? [probe] : []),
        changeStep,
        probe,
      ];
    });
}
