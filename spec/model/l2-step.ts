/**
 * L2 traffic steps (frames a guest puts on its NIC: spoofed MACs, ARP claims,
 * broadcast and multicast, DHCP offers, unicast a promiscuous neighbour could see).
 * Every one of them is dropped on a platform that keeps the L2 promises of a
 * CloudStack basic zone; profiles without those promises treat them as no-ops.
 * neutron keeps two of them its own way: a foreign source MAC fails the port's IP/MAC
 * pair chain (NEUTRON-IP-MAC-PAIR), and broadcast is flooded to every port of the
 * segment, where the rules of both ends judge it (NEUTRON-BROADCAST).
 */
import { ipToInt } from '../address/index.ts';
import type { Profile } from '../profiles/profile.ts';
import type { L2Step } from '../schema/scenario.ts';

type BroadcastStep = Extract<L2Step, { op: 'broadcast' }>;
import type { RequirementId } from '../requirements/index.ts';
import { checkSide, type SideCheck } from './rule-check.ts';
import { indexOf, type Endpoint, type TopologyIndex } from './topology-index.ts';
import type { Expectation, ModelState, StepResult } from './types.ts';

/** The requirement each L2 step shows on a CloudStack basic zone. */
export const L2_REQUIREMENT: Readonly<Record<L2Step['op'], RequirementId>> = {
  macSpoof: 'L2-MAC-SPOOF',
  arpSpoof: 'L2-ARP-SPOOF',
  broadcast: 'L2-BUM-DROP',
  rogueDhcp: 'L2-NO-ROGUE-DHCP',
  snoop: 'L2-NO-SNOOP',
};

/** Where a `broadcast` step's datagram goes: the limited broadcast address. */
export const BROADCAST_ADDRESS = '255.255.255.255';
/** Where a `broadcast` step with `multicast` goes (administratively scoped). */
export const MULTICAST_GROUP = '239.255.42.42';

/**
 * The requirement that decides `op` on `profile`, if any: the CloudStack promise, else
 * neutron's counterpart (a foreign source MAC fails NEUTRON-IP-MAC-PAIR).
 */
export function l2RequirementOf(profile: Profile, op: L2Step['op']): RequirementId | null {
  const id = L2_REQUIREMENT[op];
  if (profile.requirements.includes(id)) return id;
  if (op === 'macSpoof' && profile.requirements.includes('NEUTRON-IP-MAC-PAIR'))
    return 'NEUTRON-IP-MAC-PAIR';
  if (op === 'broadcast' && profile.requirements.includes('NEUTRON-BROADCAST'))
    return 'NEUTRON-BROADCAST';
  return null;
}

/** What the step sends, for reasons. */
function what(step: L2Step): string {
  switch (step.op) {
    case 'macSpoof':
      return `a frame with a source MAC ${step.from} does not own`;
    case 'arpSpoof':
      return step.gratuitous === true
        ? `a gratuitous ARP for ${step.claimed}`
        : `an ARP reply for ${step.claimed}`;
    case 'broadcast':
      return step.multicast === true ? 'a multicast datagram' : 'a broadcast datagram';
    case 'rogueDhcp':
      return 'a DHCP offer';
    case 'snoop':
      return `unicast to another MAC, seen by ${step.to} in promiscuous mode`;
  }
}

/** Addresses `instance` owns: its first address and its secondary ones. */
export function ownedAddresses(state: ModelState, instance: string): readonly string[] {
  const i = state.topology.instances.find((x) => x.name === instance);
  return i === undefined ? [] : [i.ip, ...(i.secondaryIps ?? [])];
}

/** The expectation of an L2 step: never delivered, or a no-op. */
export function l2Step(profile: Profile, state: ModelState, step: L2Step): StepResult {
  const noop = (reason: string): StepResult => ({ state, expectation: { kind: 'noop', reason } });
  const id = l2RequirementOf(profile, step.op);
  if (id === null)
    return noop(
      `${profile.name} makes no L2 promise (${L2_REQUIREMENT[step.op]}): its instances share no segment`,
    );
  const index = indexOf(state.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from?.kind !== 'instance') return noop(`no instance named ${step.from}`);
  if (to?.kind !== 'instance') return noop(`no instance named ${step.to}`);
  if (from === to) return noop(`${step.from} sending to itself does not cross its port`);
  if (from.network !== to.network || from.site !== to.site)
    return noop(`${step.from} and ${step.to} are not on one L2 segment`);
  if (step.op === 'broadcast' && id === 'NEUTRON-BROADCAST')
    return { state, expectation: broadcastByRules(profile, index, from, to, step) };
  if (step.op === 'arpSpoof' && ownedAddresses(state, step.from).includes(step.claimed))
    return noop(`${step.from} owns ${step.claimed}: its ARP for it is not a spoof`);
  return {
    state,
    expectation: {
      kind: 'traffic',
      delivered: false,
      seenFrom: null,
      requirements: [id],
      reason: `${what(step)} from ${step.from} never reaches ${step.to}`,
    },
  };
}

/** The two sides of a flooded datagram: the sender's egress, then (if it passed) the receiver's ingress. */
export interface BroadcastSides {
  readonly egress: SideCheck;
  readonly ingress: SideCheck | null;
}

/**
 * NEUTRON-BROADCAST: the bridge floods the datagram to every port of the segment, and
 * neutron's chains judge each copy like any packet: the sender's egress rules must admit
 * udp to the broadcast (or group) address, which only a rule to anywhere (or a CIDR
 * holding it) does, never a remote group (its set holds members' addresses); the
 * receiver's ingress rules must admit udp from the sender. A fresh source port makes
 * every datagram a new conntrack entry, so no earlier flow carries it.
 */
export function broadcastSides(
  profile: Profile,
  index: TopologyIndex,
  from: Endpoint,
  to: Endpoint,
  step: BroadcastStep,
): BroadcastSides {
  const dst = step.multicast === true ? MULTICAST_GROUP : BROADCAST_ADDRESS;
  const packet = { protocol: 'udp' as const, port: step.port };
  const egress = checkSide(profile, index, from, 'egress', {
    ...packet,
    peer: ipToInt(dst),
    peerIp: dst,
  });
  const ingress = egress.ok
    ? checkSide(profile, index, to, 'ingress', { ...packet, peer: from.address, peerIp: from.ip })
    : null;
  return { egress, ingress };
}

function broadcastByRules(
  profile: Profile,
  index: TopologyIndex,
  from: Endpoint,
  to: Endpoint,
  step: BroadcastStep,
): Expectation {
  const { egress, ingress } = broadcastSides(profile, index, from, to, step);
  const sides = ingress === null ? [egress] : [egress, ingress];
  const delivered = ingress?.ok === true;
  return {
    kind: 'traffic',
    delivered,
    seenFrom: null,
    requirements: unique([
      'NEUTRON-BROADCAST',
      'SG-BOTH-ENDS',
      ...sides.flatMap((s) => s.requirements),
    ]),
    reason: `${what(step)} from ${step.from} is flooded to every port of the segment; ${sides.map((s) => s.why).join('; ')}: ${delivered ? `it reaches ${step.to}` : `${step.to} never sees it`}`,
  };
}

function unique(ids: readonly RequirementId[]): RequirementId[] {
  return ids.filter((id, i) => ids.indexOf(id) === i);
}
