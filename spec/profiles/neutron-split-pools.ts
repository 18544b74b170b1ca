/**
 * Seed 004's DHCP split pools as data ("Knox setup for the Epouta connection"): one
 * 10.101.0.0/16 subnet stretched over a VLAN between two clouds, each with its own DHCP
 * server handing out its own half, the third octet's leading bit saying which. Not
 * enforced by the model: the netns dataplane runs one pod-local server per segment, so
 * no scenario can yet ask which of two servers answers (docs/profiles.md).
 */
import { ipToInt } from '../address/index.ts';

/** One cloud's share of a split subnet. */
export interface SplitPool {
  readonly cloud: string;
  /** The neutron allocation pool, inclusive. */
  readonly start: string;
  readonly end: string;
  /** That cloud's DHCP server (its dnsmasq port). */
  readonly dhcpServer: string;
}

/** A subnet whose addresses two clouds' DHCP servers share out. */
export interface SplitSubnet {
  readonly cidr: string;
  /** The virtual router's interface (on Knox), outside both pools. */
  readonly gateway: string;
  readonly dnsNameserver: string;
  readonly pools: readonly SplitPool[];
}

/** The seed's subnet, with the pools its `neutron subnet-update`/`subnet-create` set. */
export const KNOX_EPOUTA_SUBNET: SplitSubnet = {
  cidr: '10.101.0.0/16',
  gateway: '10.101.0.1',
  // "we make the VMs DNS queries point to 10.101.128.0" (Knox's dnsmasq).
  dnsNameserver: '10.101.128.0',
  pools: [
    // UU-MOSLER-subnet after the update: third octet 0xxxxxxx.
    { cloud: 'ePouta', start: '10.101.0.2', end: '10.101.127.255', dhcpServer: '10.101.0.3' },
    // mgmt-subnet: third octet 1xxxxxxx; its DHCP server sits just below the pool.
    { cloud: 'Knox', start: '10.101.128.1', end: '10.101.255.254', dhcpServer: '10.101.128.0' },
  ],
};

/** The pool (so the cloud and DHCP server) that hands out `ip`, or null (none does). */
export function splitPoolOf(subnet: SplitSubnet, ip: string): SplitPool | null {
  const a = ipToInt(ip);
  return subnet.pools.find((p) => a >= ipToInt(p.start) && a <= ipToInt(p.end)) ?? null;
}
