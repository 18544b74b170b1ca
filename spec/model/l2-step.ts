/**
 * L2 traffic steps (frames a guest puts on its NIC: spoofed MACs, ARP claims,
 * broadcast and multicast, DHCP offers, unicast a promiscuous neighbour could see).
 * Every one of them is dropped on a platform that keeps the L2 promises of a
 * CloudStack basic zone; profiles without those promises treat them as no-ops.
 */
import type { Profile } from '../profiles/profile.ts';
import type { L2Step } from '../schema/scenario.ts';
import type { RequirementId } from '../requirements/index.ts';
import { indexOf } from './topology-index.ts';
import type { ModelState, StepResult } from './types.ts';

/** The requirement each L2 step shows. */
export const L2_REQUIREMENT: Readonly<Record<L2Step['op'], RequirementId>> = {
  macSpoof: 'L2-MAC-SPOOF',
  arpSpoof: 'L2-ARP-SPOOF',
  broadcast: 'L2-BUM-DROP',
  rogueDhcp: 'L2-NO-ROGUE-DHCP',
  snoop: 'L2-NO-SNOOP',
};

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
  const id = L2_REQUIREMENT[step.op];
  if (!profile.requirements.includes(id))
    return noop(`${profile.name} makes no L2 promise (${id}): its instances share no segment`);
  const index = indexOf(state.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from?.kind !== 'instance') return noop(`no instance named ${step.from}`);
  if (to?.kind !== 'instance') return noop(`no instance named ${step.to}`);
  if (from === to) return noop(`${step.from} sending to itself does not cross its port`);
  if (from.network !== to.network || from.site !== to.site)
    return noop(`${step.from} and ${step.to} are not on one L2 segment`);
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
