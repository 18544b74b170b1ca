/**
 * OpenStack neutron with the linuxbridge agent and its iptables firewall (seed 004, "Knox
 * setup for the Epouta connection"; neutron's iptables_firewall.py, docs/architecture.md).
 * Provider (`public`) networks, and tenant (`nat`) networks behind the site's virtual
 * router, which source-NATs them to its own external gateway address (seed 004's
 * `SNAT --to-source 10.5.0.2`, NEUTRON-ROUTER-SNAT).
 */
import { requirements } from '../requirements/catalogue.ts';
import type { Profile } from './profile.ts';

export const neutron: Profile = {
  name: 'neutron',
  title: 'OpenStack neutron (linuxbridge agent, iptables firewall)',
  // Provider networks, routed with their own addresses; `nat`: a tenant network behind
  // the virtual router (seed 004, "External connectivity for the VMs").
  networkKinds: ['public', 'nat'],
  // NEUTRON-ROUTER-SNAT: the L3 agent's router NATs, not the compute host.
  natSource: 'router',
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
