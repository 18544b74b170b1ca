/**
 * Whether a NEW flow from one endpoint to another is admitted, and the source
 * address the receiver sees. Network structure first (sites, NAT, private pools),
 * then the source's egress, then the destination's ingress.
 */
import type { Profile } from '../profiles/profile.ts';
import type { TrafficProtocol } from '../schema/scenario.ts';
import { ipToInt } from '../address/index.ts';
import { checkSide } from './rule-check.ts';
import type { Endpoint, TopologyIndex } from './topology-index.ts';
import type { RequirementId } from '../requirements/index.ts';
import { decideOverlayFlow, touchesOverlay } from './overlay-decision.ts';

/** The model's verdict on a new flow. */
export interface Decision {
  readonly admitted: boolean;
  /** Source address the receiver sees; null when not admitted. */
  readonly seenFrom: string | null;
  readonly requirements: readonly RequirementId[];
  readonly reason: string;
  /** True when an instance's rules took part (its replies then ride on conntrack). */
  readonly filtered: boolean;
}

function refuse(requirements: RequirementId[], reason: string): Decision {
  return { admitted: false, seenFrom: null, requirements, reason, filtered: true };
}

/** Why traffic between these two cannot exist at all (structure, not rules), or null. */
function structuralBlock(from: Endpoint, to: Endpoint, internet: boolean): Decision | null {
  if (!internet) return null;
  const sites: RequirementId[] =
    from.kind === 'instance' && to.kind === 'instance' ? ['NET-SITES'] : [];
  // NET-PRIVATE: private pools are not routed outside the site, whatever the rules.
  if (from.networkKind === 'private')
    return refuse(
      ['NET-PRIVATE', ...sites],
      `${from.name} is on a private network: it cannot reach anything outside its site`,
    );
  if (to.networkKind === 'private')
    return refuse(
      ['NET-PRIVATE', ...sites],
      `${to.name} is on a private network: nothing outside its site reaches it`,
    );
  // NET-NAT-IN: a nat pool is masqueraded outbound, never routed inbound.
  if (to.networkKind === 'nat')
    return refuse(
      ['NET-NAT-IN', ...sites],
      `${to.name} is behind NAT: nothing outside its site can start a flow to it`,
    );
  return null;
}

/** Decides a new flow `from` -> `to` (distinct endpoints). `port` is ignored for icmp. */
export function decideNewFlow(
  profile: Profile,
  index: TopologyIndex,
  from: Endpoint,
  to: Endpoint,
  protocol: TrafficProtocol,
  port: number,
): Decision {
  // NET-EXTERNAL: the Internet itself is unfiltered.
  if (from.kind === 'external' && to.kind === 'external')
    return {
      admitted: true,
      seenFrom: from.ip,
      requirements: ['NET-EXTERNAL'],
      reason: 'both ends are Internet hosts: unfiltered',
      filtered: false,
    };
  // OV-SWITCH, OV-ISOLATION: overlays are their own switches (danube).
  if (touchesOverlay(from, to)) return decideOverlayFlow(from, to);
  const internet = from.kind === 'external' || to.kind === 'external' || from.site !== to.site;
  const blocked = structuralBlock(from, to, internet);
  if (blocked !== null) return blocked;

  // The address the receiver sees: nat sources leaving the site are source-NATed, by
  // their compute host (NET-NAT-OUT) or by their site's virtual router (NEUTRON-ROUTER-SNAT).
  const natted = internet && from.networkKind === 'nat';
  const nat = natSource(profile, from);
  const seenFrom = natted ? nat.ip : from.ip;
  const requirements: RequirementId[] = [];
  // SG-BOTH-ENDS names the side that refused an internal flow.
  const both: RequirementId[] = internet ? [] : ['SG-BOTH-ENDS'];
  const reasons: string[] = [];
  if (!internet) {
    requirements.push('NET-INTERNAL-NO-NAT', 'SG-BOTH-ENDS');
    if (from.network !== to.network) requirements.push('NET-ONE-DOMAIN');
    reasons.push('internal to the site, not NATed');
  } else {
    if (from.kind === 'instance' && to.kind === 'instance') requirements.push('NET-SITES');
    requirements.push(natted ? nat.requirement : 'NET-PUBLIC');
    reasons.push(natted ? `via the Internet, ${nat.how} ${seenFrom}` : 'via the Internet');
  }
  if (from.kind === 'instance') {
    const egress = checkSide(profile, index, from, 'egress', {
      protocol,
      port,
      peer: to.address,
      peerIp: to.ip,
    });
    if (!egress.ok) return refuse([...egress.requirements, ...both], egress.why);
    requirements.push(...egress.requirements);
    reasons.push(egress.why);
  }
  if (to.kind === 'instance') {
    const peer = natted ? ipToInt(nat.ip) : from.address;
    const ingress = checkSide(profile, index, to, 'ingress', {
      protocol,
      port,
      peer,
      peerIp: seenFrom,
    });
    if (!ingress.ok) return refuse([...ingress.requirements, ...both], ingress.why);
    requirements.push(...ingress.requirements);
    reasons.push(ingress.why);
  }
  return {
    admitted: true,
    seenFrom,
    requirements: unique(requirements),
    reason: reasons.join('; '),
    filtered: true,
  };
}

/** Who source-NATs `from`'s traffic leaving its site, and to which address. */
function natSource(
  profile: Profile,
  from: Endpoint,
): { ip: string; requirement: RequirementId; how: string } {
  if (profile.natSource === 'router' && from.routerIp !== null)
    return {
      ip: from.routerIp,
      requirement: 'NEUTRON-ROUTER-SNAT',
      how: "source-NATed by the site's virtual router to",
    };
  return { ip: from.hostPublicIp, requirement: 'NET-NAT-OUT', how: 'masqueraded to' };
}

function unique(ids: RequirementId[]): RequirementId[] {
  return ids.filter((id, i) => ids.indexOf(id) === i);
}
