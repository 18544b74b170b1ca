/**
 * The desired state handed to a firewall driver after every configuration step:
 * everything an agent on a compute host needs, nothing it must not know (no flows,
 * no expectations). Published as JSON Schema for external drivers (`exec:`).
 *
 * Version 2 (this schema) adds what agents of bridged platforms derive names and
 * rules from: per host its plumbing and bridges, per port its MAC, device, IDs and
 * gateway, per group an ID. Version 1 (`driver-state-v1.ts`) is what external drivers
 * on routed plumbing still receive.
 */
import { z } from 'zod';
import { Cidr, Ipv4, NetworkKind, ProfileName, RuleProtocol, Direction } from '../../spec/index.ts';

/** A canonical lowercase UUID (8-4-4-4-12 hex digits). */
export const Uuid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'expected a lowercase UUID',
  );
/** A MAC address as six lowercase hex pairs separated by colons. */
export const Mac = z
  .string()
  .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'expected a MAC like 02:6e:63:00:00:01');
/** A Linux interface name (at most 15 characters, no `/` or whitespace). */
export const IfName = z.string().regex(/^[A-Za-z0-9_.@:+-]{1,15}$/, 'expected an interface name');

/** One L2 segment as a bridged host holds it (docs/backends.md, "Bridged plumbing"). */
export const DriverBridge = z.strictObject({
  network: z.string(),
  /** Stable UUID of the network (neutron: the bridge is `brq` + networkId[:11]). */
  networkId: Uuid,
  /** The Linux bridge in the host's namespace. */
  name: IfName,
  /** The bridge's VXLAN port toward the other hosts of the site and the site router. */
  uplinkPort: IfName,
  vni: z.number().int().positive(),
  /** The pool's gateway (the site router's own port on the segment). */
  gateway: Ipv4,
  /**
   * The segment's pod-local DHCP/DNS server (the address below the gateway): DHCP and
   * DNS queries to it pass whatever the groups (L2-DHCP-DNS).
   */
  podServer: Ipv4,
  cidr: Cidr,
});

/** One overlay as an overlay host holds it: a bridge and a VXLAN device with no forwarding table yet. */
export const DriverOverlayDevice = z.strictObject({
  network: z.string(),
  bridge: IfName,
  vxlan: IfName,
});

export const DriverHost = z.strictObject({
  name: z.string(),
  site: z.string(),
  publicIp: Ipv4,
  uplink: z.string(),
  /** argv prefix that runs a command inside this host's network namespace. */
  enter: z.array(z.string()),
  /**
   * `routed`: instances behind /32 routes; `bridged`: instances on `bridges`;
   * `overlay`: danube's VXLAN overlays (docs/backends.md).
   */
  plumbing: z.enum(['routed', 'bridged', 'overlay']),
  /** One per network of the host's site when bridged; empty when routed. */
  bridges: z.array(DriverBridge),
  /** Overlay plumbing only: the host's physical datacenter (danube OV-PDC-PATH). */
  pdc: z.string().optional(),
  /** Overlay plumbing only: the host's address on its PDC's admin network. */
  adminIp: Ipv4.optional(),
  /** Overlay plumbing only: per overlay with a local instance, its devices. */
  overlays: z.array(DriverOverlayDevice).optional(),
});

export const DriverPort = z.strictObject({
  instance: z.string(),
  ip: Ipv4,
  network: z.string(),
  kind: NetworkKind,
  site: z.string(),
  host: z.string(),
  hostInterface: z.string(),
  account: z.string(),
  /** Effective groups (profile defaults applied). */
  groups: z.array(z.string()),
  /** The instance's `eth0` MAC (fixed, locally administered). */
  mac: Mac,
  /** The port's device on its host: the same as `hostInterface`. */
  device: IfName,
  /** Stable port UUID, unique in its first 10 characters. */
  portId: Uuid,
  /** Numeric VM id (CloudStack names VMs `i-<accountId>-<vmId>-VM`). */
  vmId: z.number().int().positive(),
  /** Numeric id of `account`. */
  accountId: z.number().int().positive(),
  /** The bridge holding the port; null when routed. */
  bridge: IfName.nullable(),
  /** Stable UUID of `network`. */
  networkId: Uuid,
  /** Prefix length of the instance's address (32 when routed). */
  prefixLength: z.number().int().min(0).max(32),
  /** The instance's default gateway. */
  gateway: Ipv4,
  /** Further addresses the instance owns and may send from. */
  secondaryIps: z.array(Ipv4),
  /**
   * Overlay plumbing only: argv prefix that runs a command where the guest's end of the
   * vNIC (`eth0`) is; the platform sets the vNIC's MTU there (danube OV-MTU).
   */
  vnicEnter: z.array(z.string()).optional(),
});

export const DriverRule = z.strictObject({
  direction: Direction,
  protocol: RuleProtocol,
  /** Inclusive range; null means every port (always null for icmp/any). */
  ports: z.strictObject({ from: z.number().int(), to: z.number().int() }).nullable(),
  remote: z.union([
    z.strictObject({ cidr: Cidr }),
    /** A remote group, with the current members' addresses resolved. */
    z.strictObject({ group: z.string(), members: z.array(Ipv4) }),
  ]),
});

export const DriverGroup = z.strictObject({
  name: z.string(),
  /** Stable group UUID. */
  id: Uuid,
  account: z.string(),
  rules: z.array(DriverRule),
});

export const DriverPool = z.strictObject({
  site: z.string(),
  network: z.string(),
  kind: NetworkKind,
  cidr: Cidr,
  /** Overlays only: VXLAN number, UDP port of the overlay rule, vNIC MTU. */
  vni: z.number().int().positive().optional(),
  udpPort: z.number().int().min(1).max(65535).optional(),
  mtu: z.number().int().positive().optional(),
});

export const DriverState = z.strictObject({
  version: z.literal(2),
  profile: ProfileName,
  runId: z.string(),
  /** Increases with every configuration step of a scenario. */
  generation: z.number().int().nonnegative(),
  hosts: z.array(DriverHost),
  ports: z.array(DriverPort),
  groups: z.array(DriverGroup),
  pools: z.array(DriverPool),
});

export type DriverBridge = z.infer<typeof DriverBridge>;
export type DriverOverlayDevice = z.infer<typeof DriverOverlayDevice>;
export type DriverHost = z.infer<typeof DriverHost>;
export type DriverPort = z.infer<typeof DriverPort>;
export type DriverRule = z.infer<typeof DriverRule>;
export type DriverGroup = z.infer<typeof DriverGroup>;
export type DriverPool = z.infer<typeof DriverPool>;
export type DriverState = z.infer<typeof DriverState>;
