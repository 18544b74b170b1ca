/**
 * Two topologies with the same plumbing (sites, networks, hosts, instances with their
 * addresses, externals) can share one built dataplane: groups, rules and accounts are
 * policy, which the driver re-applies anyway.
 */
import type { ResolvedTopology } from '../../spec/index.ts';

/** A string equal for exactly the topologies whose plumbing is identical. */
export function plumbingKey(topology: ResolvedTopology): string {
  return JSON.stringify([
    // A site's virtual router address is plumbing too (NEUTRON-ROUTER-SNAT).
    topology.sites.map((s) => [s.name, s.routerIp ?? null]),
    topology.networks.map((n) => [n.name, n.site, n.kind, n.cidr]),
    topology.hosts.map((h) => [h.name, h.site, h.publicIp ?? null]),
    topology.instances.map((i) => [i.name, i.network, i.host, i.ip ?? null]),
    topology.externals.map((e) => [e.name, e.ip ?? null]),
  ]);
}
