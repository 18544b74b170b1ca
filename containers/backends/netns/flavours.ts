/**
 * Naming flavours of the bridged plumbing (docs/backends.md, "Bridged plumbing"): real
 * agents find ports and bridges by name, so each flavour names devices as its platform
 * does. Every name lives only inside the run's own namespaces, where each host has its
 * own namespace: names need to be unique per host, not per machine. Pure.
 */
import type { NamingFlavour } from '../../../spec/index.ts';
import { interfaceName } from './names.ts';

/** What a device name may be derived from. */
export interface SegmentRef {
  /** Index of the network in the topology. */
  readonly index: number;
  /** Index of the network among its site's networks (CloudStack's `cloudbr<k>`). */
  readonly indexInSite: number;
  readonly networkId: string;
  readonly vni: number;
}

export interface PortRef {
  /** Index of the instance in the topology. */
  readonly index: number;
  /** Index of the instance among its host's instances (CloudStack's `vnet<n>`). */
  readonly indexOnHost: number;
  readonly portId: string;
}

export interface Flavour {
  readonly name: NamingFlavour;
  /** The segment's bridge (the same name on every host of its site and on the router). */
  bridge(prefix: string, segment: SegmentRef): string;
  /** The bridge's VXLAN port. */
  uplinkPort(prefix: string, segment: SegmentRef): string;
  /** The host side of an instance's veth. */
  port(prefix: string, port: PortRef): string;
  /** First three octets of instance MACs (locally administered). */
  readonly macPrefix: string;
}

const generic: Flavour = {
  name: 'generic',
  bridge: (prefix, s) => interfaceName(prefix, `b${s.index}`),
  uplinkPort: (prefix, s) => interfaceName(prefix, `v${s.index}`),
  port: (prefix, p) => interfaceName(prefix, `i${p.index}`),
  macPrefix: '02:6e:63',
};

// neutron linuxbridge agent: brq<net[:11]>, tap<port[:11]>, vxlan-<segmentation id>.
const neutron: Flavour = {
  name: 'neutron',
  bridge: (_prefix, s) => `brq${s.networkId.slice(0, 11)}`,
  uplinkPort: (_prefix, s) => `vxlan-${s.vni}`,
  port: (_prefix, p) => `tap${p.portId.slice(0, 11)}`,
  macPrefix: 'fa:16:3e',
};

// CloudStack KVM: cloudbr<k>, vnet<n>; the uplink must not be a veth (security_group.py
// takes the first non-vnet port and mis-parses `name@peer`), so it is the VXLAN device.
const cloudstack: Flavour = {
  name: 'cloudstack',
  bridge: (_prefix, s) => `cloudbr${s.indexInSite}`,
  uplinkPort: (_prefix, s) => `vxlan${s.vni}`,
  port: (_prefix, p) => `vnet${p.indexOnHost}`,
  macPrefix: '06:6e:63',
};

/** Every flavour by name. */
export const flavours: Readonly<Record<NamingFlavour, Flavour>> = { generic, neutron, cloudstack };

/** `<macPrefix>:xx:xx:xx` from a 1-based instance number. */
export function instanceMac(macPrefix: string, number: number): string {
  const hex = number.toString(16).padStart(6, '0');
  return `${macPrefix}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}
