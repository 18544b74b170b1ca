/**
 * OpenStack neutron with the linuxbridge agent and its iptables firewall (seed 004, "Knox
 * setup for the Epouta connection"; neutron's iptables_firewall.py, docs/architecture.md).
 * So far the plain security-group semantics on a provider network; the virtual router
 * (SNAT to the router's gateway address) and the DHCP split pools of seed 004 come later.
 */
import { requirements } from '../requirements/catalogue.ts';
import type { Profile } from './profile.ts';

export const neutron: Profile = {
  name: 'neutron',
  title: 'OpenStack neutron (linuxbridge agent, iptables firewall)',
  // Seed 004's VMs sit on a VLAN provider network, routed with their own addresses.
  networkKinds: ['public'],
  // SG-NONE: a port with port security and no group gets only the fallback DROP.
  noGroup: 'isolated',
  // NEUTRON-NO-DEFAULT-EGRESS: egress chains end in the sg-fallback DROP.
  egressWithoutEgressRules: 'deny',
  // CT-FLUSH-ON-REMOVE: the firewall deletes conntrack entries on rule/member removal.
  onRuleRemoval: 'flush',
  // NEUTRON-CT-DELETE: by protocol, direction and port address, per host end.
  ctDeleteScope: 'neutron',
  groupChangesAfterCreate: true,
  // Instances on a Linux bridge per network, named as the linuxbridge agent names them
  // (brq + network id, tap + port id): the real firewall finds ports and zones by name.
  plumbing: { mode: 'bridged', flavour: 'neutron' },
  requirements: requirements.filter((r) => r.profiles.includes('neutron')).map((r) => r.id),
};
