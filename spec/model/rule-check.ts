/**
 * One side of a new flow: does the source's egress (or the destination's ingress)
 * admit it? Union over all the instance's groups (SG-MATCH), with the profile's
 * parameters for instances in no group and for egress without egress rules.
 */
import { describeRule, describeTraffic } from '../describe/describe.ts';
import { defaultGroupName } from '../profiles/default-group.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Direction, TrafficProtocol } from '../schema/scenario.ts';
import { ruleAdmits, ruleCoversTraffic } from './compiled-rule.ts';
import type { CompiledGroup, Endpoint, TopologyIndex } from './topology-index.ts';
import type { RequirementId } from '../requirements/index.ts';

/** Outcome of one side's check, with the IDs that decided it and why. */
export interface SideCheck {
  readonly ok: boolean;
  readonly requirements: readonly RequirementId[];
  readonly why: string;
}

/** The traffic a check is about; `peer` is the remote address as the instance sees it. */
export interface Packet {
  readonly protocol: TrafficProtocol;
  readonly port: number;
  readonly peer: number;
  readonly peerIp: string;
}

function trafficText(direction: Direction, packet: Packet): string {
  return `${describeTraffic(packet.protocol, packet.port)} ${direction === 'egress' ? 'to' : 'from'} ${packet.peerIp}`;
}

function admitted(
  profile: Profile,
  index: TopologyIndex,
  instance: Endpoint,
  group: CompiledGroup,
  ruleIndex: number,
  direction: Direction,
  packet: Packet,
): SideCheck {
  const r = group.rules[ruleIndex]!;
  const requirements: RequirementId[] = ['SG-MATCH'];
  if (r.group !== null) {
    requirements.push('SG-REMOTE-GROUP');
    const remote = index.groups.get(r.group);
    if (
      remote !== undefined &&
      remote.account !== group.account &&
      profile.requirements.includes('CS-CROSS-ACCOUNT')
    )
      requirements.push('CS-CROSS-ACCOUNT');
  }
  return {
    ok: true,
    requirements,
    why: `${instance.name}: rule "${describeRule(r.rule)}" of ${group.name} admits ${trafficText(direction, packet)}`,
  };
}

function refused(
  profile: Profile,
  index: TopologyIndex,
  instance: Endpoint,
  groupNames: readonly string[],
  direction: Direction,
  packet: Packet,
): SideCheck {
  const requirements: RequirementId[] = ['SG-MATCH'];
  // SG-REMOTE-GROUP: a remote-group rule covers the traffic, but the peer is not (or no
  // longer) a member: membership decided the refusal.
  const byRemoteGroup = groupNames.some((name) =>
    index.groups
      .get(name)
      ?.rules.some(
        (r) => r.group !== null && ruleCoversTraffic(r, direction, packet.protocol, packet.port),
      ),
  );
  if (byRemoteGroup) requirements.push('SG-REMOTE-GROUP');
  // CS-DEFAULT-GROUP: alone in its account's rule-less default group, nothing comes in.
  if (
    direction === 'ingress' &&
    profile.noGroup === 'account-default' &&
    groupNames.length === 1 &&
    groupNames[0] === defaultGroupName(instance.account ?? '') &&
    index.groups.get(groupNames[0])?.hasIngress !== true
  )
    requirements.push('CS-DEFAULT-GROUP');
  return {
    ok: false,
    requirements,
    why: `${instance.name}: no ${direction} rule of ${groupNames.join(', ')} admits ${trafficText(direction, packet)}`,
  };
}

/** Checks `direction` rules of `instance` for `packet`. */
export function checkSide(
  profile: Profile,
  index: TopologyIndex,
  instance: Endpoint,
  direction: Direction,
  packet: Packet,
): SideCheck {
  const groupNames = index.instanceGroups.get(instance.name) ?? [];
  // SG-NONE: no group, no traffic (safespring; cloudstack instances always have one).
  if (groupNames.length === 0)
    return {
      ok: false,
      requirements: ['SG-NONE'],
      why: `${instance.name} is in no security group`,
    };
  if (direction === 'egress' && profile.egressWithoutEgressRules === 'allow') {
    let anyEgress = false;
    for (const name of groupNames) if (index.groups.get(name)?.hasEgress === true) anyEgress = true;
    // CS-EGRESS-OPEN: egress is open until one of the groups has an egress rule.
    if (!anyEgress)
      return {
        ok: true,
        requirements: ['CS-EGRESS-OPEN'],
        why: `egress of ${instance.name} is open (no egress rule in ${groupNames.join(', ')})`,
      };
  }
  for (const name of groupNames) {
    const group = index.groups.get(name);
    if (group === undefined) continue;
    const rules = group.rules;
    for (let i = 0; i < rules.length; i++)
      if (
        ruleAdmits(rules[i]!, direction, packet.protocol, packet.port, packet.peer, index.members)
      )
        return admitted(profile, index, instance, group, i, direction, packet);
  }
  return refused(profile, index, instance, groupNames, direction, packet);
}
