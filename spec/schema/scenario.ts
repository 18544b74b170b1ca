/**
 * The scenario format: the single source of truth for scenario files, generated
 * scenarios, repros and regression files. Types are inferred from these schemas.
 *
 * Shape checks live here; cross-reference checks (unknown names, addresses outside
 * their pool, duplicates, network kinds a profile lacks) live in `../validate/`.
 */
import { z } from 'zod';
import ipaddr from 'ipaddr.js';

const name = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,62}$/,
    'use letters, digits, "_", ".", "@" or "-" (max 63)',
  );

/** An IPv4 address in dotted-quad form. */
export const Ipv4 = z
  .string()
  .refine(
    (s) => ipaddr.IPv4.isValidFourPartDecimal(s),
    'expected an IPv4 address like 198.51.100.10',
  );

/** An IPv4 CIDR such as `198.51.100.0/24`. */
export const Cidr = z.string().refine((s) => {
  const [addr, len, ...rest] = s.split('/');
  if (rest.length > 0 || addr === undefined || len === undefined || !/^\d{1,2}$/.test(len))
    return false;
  return ipaddr.IPv4.isValidFourPartDecimal(addr) && Number(len) <= 32;
}, 'expected an IPv4 CIDR like 198.51.100.0/24');

/** A port number 1-65535. */
export const Port = z.number().int().min(1, 'ports are 1-65535').max(65535, 'ports are 1-65535');

/** `"443"` or `"1000-2000"` (inclusive). Omitted on a rule means every port. */
export const PortRange = z.string().refine((s) => {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo >= 1 && hi <= 65535 && lo <= hi;
}, 'expected a port "443" or an inclusive range "1000-2000" within 1-65535');

/** `overlay`: a VXLAN network stretched over compute hosts and PDCs (danube, seed 003). */
export const NetworkKind = z.enum(['public', 'nat', 'private', 'overlay']);

/** Default MTU of an overlay's vNICs: VXLAN, VLAN and ESP headers must fit in 1500 (OV-MTU). */
export const DEFAULT_OVERLAY_MTU = 1400;
/** Default UDP port of an overlay rule (the VXLAN port). */
export const DEFAULT_OVERLAY_PORT = 4789;
export const TrafficProtocol = z.enum(['tcp', 'udp', 'icmp']);
export const RuleProtocol = z.enum(['tcp', 'udp', 'icmp', 'any']);
export const Direction = z.enum(['ingress', 'egress']);

/** Who a rule admits: an address block, or the current members of a group. */
export const Remote = z.union([z.strictObject({ cidr: Cidr }), z.strictObject({ group: name })]);

/** An allow rule (security groups have no deny rules). */
export const Rule = z.strictObject({
  direction: Direction,
  protocol: RuleProtocol,
  /** Only for tcp/udp; omitted means all ports. */
  ports: PortRange.optional(),
  remote: Remote,
});

export const Site = z.strictObject({
  name,
  /**
   * Profiles whose nat networks sit behind a virtual router (neutron): the router's
   * external gateway address, the source the Internet sees from the site's nat networks
   * (NEUTRON-ROUTER-SNAT). In 192.0.2.0/24; omitted: allocated after the hosts.
   */
  routerIp: Ipv4.optional(),
});
export const Network = z.strictObject({
  name,
  site: name,
  kind: NetworkKind,
  cidr: Cidr,
  /** Overlays only: the VXLAN number (required there). */
  vni: z.number().int().min(1, 'VXLAN numbers are 1-16777215').max(16777215).optional(),
  /** Overlays only: MTU of the instances' vNICs (default 1400). */
  mtu: z.number().int().min(576, 'an MTU is 576-9000').max(9000, 'an MTU is 576-9000').optional(),
  /** Overlays only: UDP port of the overlay rule (default 4789). */
  udpPort: Port.optional(),
});
export const Host = z.strictObject({
  name,
  site: name,
  publicIp: Ipv4.optional(),
  /**
   * Physical datacenter (danube): hosts of one PDC share an admin network; overlay
   * traffic between PDCs goes over the Internet inside IPsec. Omitted: the site's name.
   */
  pdc: name.optional(),
});
export const Instance = z.strictObject({
  name,
  network: name,
  host: name,
  /** Omitted: allocated deterministically from the network's pool. */
  ip: Ipv4.optional(),
  /** Account owning the instance (cloudstack default groups are per account). */
  account: name.optional(),
  groups: z.array(name).default([]),
  /**
   * Further addresses of the instance's NIC (CloudStack's addIpToNic): it may send
   * from them like from `ip` (L2-SECONDARY-IP). Usually added by an `addIp` step.
   */
  secondaryIps: z.array(Ipv4).optional(),
});
export const Group = z.strictObject({
  name,
  account: name.optional(),
  rules: z.array(Rule).default([]),
});
export const External = z.strictObject({ name, ip: Ipv4.optional() });

export const Topology = z.strictObject({
  sites: z.array(Site).min(1, 'a topology needs at least one site'),
  networks: z.array(Network).default([]),
  hosts: z.array(Host).default([]),
  instances: z.array(Instance).default([]),
  groups: z.array(Group).default([]),
  externals: z.array(External).default([]),
});

/** What the author (or the model, in a repro) says a traffic step must do. */
export const Expect = z.strictObject({
  delivered: z.boolean(),
  /** The source address the receiver must see (only meaningful when delivered). */
  seenFrom: Ipv4.optional(),
});

/** Free text on any step, shown by `explain` and in reports (e.g. "frame 2: ..."). */
const note = z.string().optional();

const trafficFields = {
  from: name,
  to: name,
  protocol: TrafficProtocol,
  /** Destination port; required for tcp/udp, ignored for icmp. */
  port: Port.optional(),
  expect: Expect.optional(),
  note,
};

export const AddRuleStep = z.strictObject({
  op: z.literal('addRule'),
  group: name,
  rule: Rule,
  note,
});
/** Removes the first rule of `group` structurally equal to `rule`. */
export const RemoveRuleStep = z.strictObject({
  op: z.literal('removeRule'),
  group: name,
  rule: Rule,
  note,
});
export const AttachGroupStep = z.strictObject({
  op: z.literal('attachGroup'),
  instance: name,
  group: name,
  note,
});
export const DetachGroupStep = z.strictObject({
  op: z.literal('detachGroup'),
  instance: name,
  group: name,
  note,
});
/** Starts a named flow (TCP connection, UDP tuple, ICMP echo identifier). */
export const OpenStep = z.strictObject({ op: z.literal('open'), flow: name, ...trafficFields });
/** Sends one packet/message on an open flow, from the opener (`forward`) or back (`reply`). */
export const SendStep = z.strictObject({
  op: z.literal('send'),
  flow: name,
  direction: z.enum(['forward', 'reply']),
  expect: Expect.optional(),
  note,
});
export const CloseStep = z.strictObject({ op: z.literal('close'), flow: name, note });
/** Adds a secondary address of the instance's network to its NIC (L2-SECONDARY-IP). */
export const AddIpStep = z.strictObject({
  op: z.literal('addIp'),
  instance: name,
  ip: Ipv4,
  note,
});
/** Moves an instance to another compute host of its site (CS-MIGRATE). */
export const MigrateStep = z.strictObject({
  op: z.literal('migrate'),
  instance: name,
  host: name,
  note,
});
/** Open + check + close of a fresh flow. */
export const ProbeStep = z.strictObject({
  op: z.literal('probe'),
  ...trafficFields,
  /**
   * UDP only: nobody listens on `port`, so an admitted datagram is answered by an ICMP
   * port-unreachable, which conntrack calls RELATED to the flow; `delivered` then means
   * that error reached the sender (CT-RELATED).
   */
  closedPort: z.literal(true).optional(),
});
/** A UDP datagram from an instance with a source address it does not own. */
export const SpoofStep = z.strictObject({
  op: z.literal('spoof'),
  from: name,
  to: name,
  spoofedSource: Ipv4,
  port: Port,
  expect: Expect.optional(),
  note,
});

/**
 * L2 steps (bridged plumbing): frames a guest can put on its NIC, sent from a raw
 * socket in the instance. `to` is the neighbour instance that would receive them.
 */
const l2Fields = { from: name, to: name, expect: Expect.optional(), note };
/** A UDP datagram to `to` in a frame whose source MAC `from` does not own (L2-MAC-SPOOF). */
export const MacSpoofStep = z.strictObject({
  op: z.literal('macSpoof'),
  ...l2Fields,
  port: Port,
});
/**
 * An ARP reply to `to` (or, `gratuitous`, a broadcast gratuitous ARP) saying that
 * `claimed` is at `from`'s MAC (L2-ARP-SPOOF when `from` does not own `claimed`).
 */
export const ArpSpoofStep = z.strictObject({
  op: z.literal('arpSpoof'),
  ...l2Fields,
  claimed: Ipv4,
  gratuitous: z.literal(true).optional(),
});
/** A UDP datagram to the broadcast address (or, `multicast`, a group) that `to` watches for (L2-BUM-DROP). */
export const BroadcastStep = z.strictObject({
  op: z.literal('broadcast'),
  ...l2Fields,
  port: Port,
  multicast: z.literal(true).optional(),
});
/** A DHCP offer from `from` (udp 67 -> 68, unicast) that neighbour `to` watches for (L2-NO-ROGUE-DHCP). */
export const RogueDhcpStep = z.strictObject({ op: z.literal('rogueDhcp'), ...l2Fields });
/**
 * `from` sends a unicast frame to a MAC no instance owns (a bridge floods it) carrying
 * a UDP datagram to `to`, which listens in promiscuous mode (L2-NO-SNOOP).
 */
export const SnoopStep = z.strictObject({ op: z.literal('snoop'), ...l2Fields, port: Port });

/**
 * A TCP segment of no connection conntrack knows, crafted as a raw frame from instance
 * `from` to neighbour `to` (one segment) on `port`: `fin`, a FIN+ACK, which conntrack
 * calls INVALID; `ack`, a bare ACK, which conntrack picks up as a new connection under
 * nf_conntrack_tcp_loose=1 (NEUTRON-INVALID). Delivered when `to`'s sniffer saw it.
 */
export const StrayStep = z.strictObject({
  op: z.literal('stray'),
  ...l2Fields,
  segment: z.enum(['ack', 'fin']),
  port: Port,
});

/**
 * A query from instance `from` to the pod-local server of its segment (bridged
 * plumbing): `dhcp`, a DHCP discover, answered by an offer of the instance's own
 * address; `dns`, a UDP query for the server's fixed name (L2-DHCP-DNS). Delivered
 * means the answer came back to `from`.
 */
export const PodQueryStep = z.strictObject({
  op: z.literal('podQuery'),
  from: name,
  service: z.enum(['dhcp', 'dns']),
  expect: Expect.optional(),
  note,
});

/**
 * Overlay steps (danube). `mtuProbe`: an ICMP echo of `size` bytes (IP packet, DF set)
 * from `from` to `to`; delivered when the echo came back (OV-MTU).
 */
export const MtuProbeStep = z.strictObject({
  op: z.literal('mtuProbe'),
  from: name,
  to: name,
  size: z.number().int().min(68, 'sizes are 68-9000 bytes').max(9000, 'sizes are 68-9000 bytes'),
  expect: Expect.optional(),
  note,
});
/**
 * A UDP datagram with a token from instance `from` to instance `to`, watched on `link`
 * (the Internet path between PDCs, or the admin network of `from`'s PDC); delivered
 * means the token was seen there in clear (OV-ENCRYPTED, OV-PDC-PATH).
 */
export const EavesdropStep = z.strictObject({
  op: z.literal('eavesdrop'),
  from: name,
  to: name,
  port: Port,
  link: z.enum(['internet', 'admin']),
  expect: Expect.optional(),
  note,
});
/**
 * An unencrypted VXLAN packet forged by Internet host `from` to the external address of
 * the host of instance `to`, carrying a UDP datagram for `to` on `port`; delivered when
 * `to` received it (OV-NO-PLAINTEXT-IN).
 */
export const ForgeVxlanStep = z.strictObject({
  op: z.literal('forgeVxlan'),
  from: name,
  to: name,
  port: Port,
  expect: Expect.optional(),
  note,
});
/**
 * The compute host of instance `from` sends an unencrypted VXLAN packet of `from`'s
 * overlay to Internet host `to` (a virtual ARP table pointing outside the mesh);
 * delivered when `to` received it (OV-NO-PLAINTEXT-OUT).
 */
export const LeakVxlanStep = z.strictObject({
  op: z.literal('leakVxlan'),
  from: name,
  to: name,
  expect: Expect.optional(),
  note,
});

export const Step = z.discriminatedUnion('op', [
  AddRuleStep,
  RemoveRuleStep,
  AttachGroupStep,
  DetachGroupStep,
  OpenStep,
  SendStep,
  CloseStep,
  ProbeStep,
  SpoofStep,
  AddIpStep,
  MigrateStep,
  MacSpoofStep,
  ArpSpoofStep,
  BroadcastStep,
  RogueDhcpStep,
  SnoopStep,
  StrayStep,
  PodQueryStep,
  MtuProbeStep,
  EavesdropStep,
  ForgeVxlanStep,
  LeakVxlanStep,
]);

export const ProfileName = z.enum(['safespring', 'cloudstack', 'neutron', 'danube']);

export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  /** Free text shown in reports. */
  description: z.string().optional(),
  profile: ProfileName,
  topology: Topology,
  steps: z.array(Step).default([]),
});

export type Ipv4 = z.infer<typeof Ipv4>;
export type NetworkKind = z.infer<typeof NetworkKind>;
export type TrafficProtocol = z.infer<typeof TrafficProtocol>;
export type RuleProtocol = z.infer<typeof RuleProtocol>;
export type Direction = z.infer<typeof Direction>;
export type Remote = z.infer<typeof Remote>;
export type Rule = z.infer<typeof Rule>;
export type Site = z.infer<typeof Site>;
export type Network = z.infer<typeof Network>;
export type Host = z.infer<typeof Host>;
export type Instance = z.infer<typeof Instance>;
export type Group = z.infer<typeof Group>;
export type External = z.infer<typeof External>;
export type Topology = z.infer<typeof Topology>;
export type Expect = z.infer<typeof Expect>;
export type Step = z.infer<typeof Step>;
export type StepOp = Step['op'];
/** Steps that send frames only a bridged dataplane can carry. */
export type L2Step = Extract<
  Step,
  { op: 'macSpoof' | 'arpSpoof' | 'broadcast' | 'rogueDhcp' | 'snoop' }
>;
/** Steps only an overlay dataplane (danube) carries. */
export type OverlayStep = Extract<
  Step,
  { op: 'mtuProbe' | 'eavesdrop' | 'forgeVxlan' | 'leakVxlan' }
>;
/** A crafted TCP segment no connection owns (NEUTRON-INVALID). */
export type StrayStep = Extract<Step, { op: 'stray' }>;
export type TrafficStep =
  | Extract<Step, { op: 'open' | 'send' | 'probe' | 'spoof' | 'podQuery' }>
  | L2Step
  | StrayStep
  | OverlayStep;
export type ProfileName = z.infer<typeof ProfileName>;
/** A scenario as written (defaults not yet applied). */
export type ScenarioInput = z.input<typeof Scenario>;
/** A scenario after schema parsing (defaults applied, addresses maybe still omitted). */
export type Scenario = z.infer<typeof Scenario>;
