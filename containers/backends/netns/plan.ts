/**
 * Pure build plan of the netns dataplane (docs/architecture.md, docs/backends.md): which
 * namespaces exist, which veths each creates toward its children, and the script that
 * configures each one. Hosts sit behind their site router, site routers behind the
 * `internet` router. Routed plumbing (Calico): instances sit behind /32 routes on their
 * compute host. Bridged plumbing: instances sit on one L2 segment per (site, network),
 * a bridge per network on every host of the site joined by VXLAN to the others and to
 * the site router, which holds the pool's gateway.
 */
import type { Plumbing, ResolvedTopology } from '../../../spec/index.ts';
import type {
  BridgeAccess,
  DataplaneLayout,
  HostAccess,
  PortAccess,
} from '../../../harness/dataplane/index.ts';
import { distinctUuids } from '../../../harness/dataplane/stable-id.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import { flavours, instanceMac, type Flavour } from './flavours.ts';
import { enterNamespace, interfaceName, namespaceName, roles } from './names.ts';
import {
  BRIDGED_HOST,
  ENDPOINT,
  NO_IPV6,
  ROUTER,
  namespaceScript,
  routerSnatScript,
} from './plan-script.ts';
import {
  SEGMENT_MTU,
  VXLAN_PORT,
  bridgeMac,
  networkIds,
  planSegments,
  type Segment,
} from './segments.ts';
import type { MigrationHost, MigrationInstance, MigrationPlan } from './migrate-plan.ts';

/** Gateway every instance routes to (answered by its host's veth). */
export const INSTANCE_GATEWAY = '169.254.1.1';
/** MAC of every host-side instance veth (static neighbour in the instance, like Calico). */
export const GATEWAY_MAC = 'ee:ee:ee:ee:ee:ee';
/** Address of a site router on each of its host-facing links. */
export const SITE_GATEWAY = '169.254.2.1';
/** Address of the `internet` router on each of its links. */
export const INTERNET_GATEWAY = '169.254.4.1';
/** Address of site router `k` on its link to the internet router. */
const siteLinkAddress = (k: number): string => `169.254.3.${k + 1}`;

export type NamespaceRole = 'instance' | 'host' | 'site' | 'internet' | 'external' | 'server';

/** One namespace of the plan. */
export interface NamespacePlan {
  readonly name: string;
  readonly role: NamespaceRole;
  /** Topology name it stands for (instance, host, site, external) or `internet`. */
  readonly entity: string;
  /** `ip -batch` lines run in this namespace that create veths into child namespaces. */
  readonly links: readonly string[];
  /** Shell script run inside the namespace once every link exists. */
  readonly script: string;
}

/** The pod-local DHCP/DNS server an instance asks (bridged plumbing, L2-DHCP-DNS). */
export interface PodServerAddress {
  readonly ip: string;
  readonly mac: string;
}

/** A traffic endpoint (instance or external) and the namespace its agent runs in. */
export interface EndpointPlan {
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
  /** The server of the instance's segment; absent off bridged plumbing and for externals. */
  readonly podServer?: PodServerAddress;
}

/**
 * The pod-local DHCP/DNS server of one segment (`pod-server.ts`): its own namespace on
 * its own port of the site router's bridge, answering DHCP from static leases and DNS.
 */
export interface PodServerPlan extends PodServerAddress {
  readonly namespace: string;
  readonly network: string;
  readonly site: string;
  readonly prefixLength: number;
  readonly gateway: string;
  /** Static leases: every instance of the segment, by its MAC. */
  readonly leases: readonly { readonly mac: string; readonly ip: string }[];
}

/** Where overlay probes run (danube only; `overlay-plan.ts`). */
export interface OverlayProbePlan {
  readonly instances: ReadonlyMap<
    string,
    {
      readonly namespace: string;
      readonly ip: string;
      readonly mac: string;
      readonly hostNamespace: string;
      readonly hostPublicIp: string;
      readonly vni: number;
      readonly udpPort: number;
      /** Namespace of the admin network of the instance's PDC. */
      readonly adminNamespace: string;
    }
  >;
  readonly internetNamespace: string;
  /**
   * Interfaces a watcher ignores, by namespace: the Docker backend's own links in a
   * container, which carry the harness's links encapsulated, so a token is evidenced on
   * the harness's interface with its addresses. Absent on netns.
   */
  readonly underlay?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The number each frame entity's namespaces and interfaces are named with, by entity
 * name (`h<slot>`, `s<slot>`, `x<slot>`). A fresh build numbers them by topology
 * index; a reshaped dataplane (`reshape-plan.ts`) keeps the numbers of the entities it
 * keeps, so their namespaces and links keep their names.
 */
export interface PlanSlots {
  readonly hosts: ReadonlyMap<string, number>;
  readonly sites: ReadonlyMap<string, number>;
  readonly externals: ReadonlyMap<string, number>;
}

/** Slots for `topology`: `kept`'s number for each entity it names, else the lowest free one. */
export function assignSlots(topology: ResolvedTopology, kept?: PlanSlots): PlanSlots {
  const assign = (names: readonly string[], old?: ReadonlyMap<string, number>) => {
    const slots = new Map<string, number>();
    for (const name of names) {
      const n = old?.get(name);
      if (n !== undefined) slots.set(name, n);
    }
    const used = new Set(slots.values());
    let next = 0;
    for (const name of names) {
      if (slots.has(name)) continue;
      while (used.has(next)) next++;
      slots.set(name, next);
      used.add(next);
    }
    return slots;
  };
  return {
    hosts: assign(
      topology.hosts.map((h) => h.name),
      kept?.hosts,
    ),
    sites: assign(
      topology.sites.map((s) => s.name),
      kept?.sites,
    ),
    externals: assign(
      topology.externals.map((e) => e.name),
      kept?.externals,
    ),
  };
}

export interface BuildPlan {
  readonly prefix: string;
  /** How frame entities were numbered (absent: by topology index, as overlay plans do). */
  readonly slots?: PlanSlots;
  readonly namespaces: readonly NamespacePlan[];
  readonly endpoints: ReadonlyMap<string, EndpointPlan>;
  readonly layout: DataplaneLayout;
  readonly overlay?: OverlayProbePlan;
  /** What moving an instance needs (`migrate-plan.ts`); absent: instances cannot move. */
  readonly migration?: MigrationPlan;
  /** One per segment in bridged plumbing, started once the namespaces are configured. */
  readonly podServers?: readonly PodServerPlan[];
}

function need(value: string | undefined, what: string): string {
  if (value === undefined) {
    throw new Error(`${what} has no address: resolve the topology before building it`);
  }
  return value;
}

const ROUTED: Plumbing = { mode: 'routed' };
/** MAC prefix of instances in routed plumbing. */
const ROUTED_MAC_PREFIX = flavours.generic.macPrefix;

function routedEndpoint(ip: string, gateway: string, gatewayMac: string | null): string[] {
  return [
    'link set lo up',
    'link set eth0 up',
    `addr add ${ip}/32 dev eth0`,
    `route add ${gateway} dev eth0 scope link`,
    `route add default via ${gateway} dev eth0`,
    ...(gatewayMac ? [`neigh replace ${gateway} lladdr ${gatewayMac} dev eth0 nud permanent`] : []),
  ];
}

function bridgedEndpoint(ip: string, mac: string, segment: Segment): string[] {
  return [
    'link set lo up',
    `link set eth0 address ${mac} mtu ${SEGMENT_MTU}`,
    'link set eth0 up',
    `addr add ${ip}/${segment.prefixLength} dev eth0`,
    `route add default via ${segment.gateway} dev eth0`,
  ];
}

/** `ip -batch` lines of one segment's bridge and VXLAN port (STP off, fixed MAC). */
function segmentDevices(bridge: string, mac: string, vx: string, vni: number, local: string) {
  return [
    `link add ${bridge} address ${mac} type bridge stp_state 0 forward_delay 0`,
    `link add ${vx} mtu ${SEGMENT_MTU} type vxlan id ${vni} local ${local} dstport ${VXLAN_PORT}`,
    `link set ${vx} master ${bridge}`,
    `link set ${vx} up`,
    `link set ${bridge} up`,
  ];
}

/** Full-mesh flood entries: BUM frames of the segment go to every other VTEP. */
const floodEntries = (vx: string, peers: readonly string[]): string[] =>
  peers.map((peer) => `fdb append 00:00:00:00:00:00 dev ${vx} dst ${peer}`);

/** The fixed MAC of a segment's pod-local server. */
const podServerMac = (s: Segment): string => bridgeMac('d', 0, s.index);

/** Plans the dataplane of `topology` for run `prefix`. Pure. */
export function planNetns(
  topology: ResolvedTopology,
  prefix: string,
  plumbing: Plumbing = ROUTED,
  slots: PlanSlots = assignSlots(topology),
): BuildPlan {
  const slot = (map: ReadonlyMap<string, number>, name: string): number => {
    const n = map.get(name);
    if (n === undefined) throw new Error(`no slot for "${name}": assign slots for this topology`);
    return n;
  };
  const ns = (role: string) => namespaceName(prefix, role);
  const ifn = (role: string) => interfaceName(prefix, role);
  const bridged = plumbing.mode === 'bridged';
  const flavour: Flavour = flavours[plumbing.mode === 'bridged' ? plumbing.flavour : 'generic'];
  if (bridged) {
    const routers = new Set(
      topology.sites.filter((s) => s.routerIp !== undefined).map((s) => s.name),
    );
    const nat = topology.networks.find((n) => n.kind === 'nat' && !routers.has(n.site));
    if (nat !== undefined) {
      throw new UsageError(
        `network "${nat.name}" is nat: bridged plumbing puts nat networks behind their site's virtual router (NEUTRON-ROUTER-SNAT), and site "${nat.site}" has no routerIp (the profile NATs on the compute host, which does not route bridged traffic); use routed plumbing (--plumbing routed) or give site "${nat.site}" a routerIp`,
      );
    }
  }
  const segments = bridged ? planSegments(topology) : [];
  const netIds = bridged ? segments.map((s) => s.networkId) : networkIds(topology);
  const netIndex = new Map(topology.networks.map((n, i) => [n.name, i]));
  const portIds = distinctUuids(
    'port',
    topology.instances.map((i) => i.name),
  );
  const namespaces: NamespacePlan[] = [];
  const endpoints = new Map<string, EndpointPlan>();
  const kindOf = new Map(topology.networks.map((n) => [n.name, n.kind]));
  const instIndex = new Map(topology.instances.map((inst, i) => [inst.name, i]));
  const internetLinks: string[] = [];
  const internetBatch: string[] = ['link set lo up'];
  const hostAccess: HostAccess[] = [];
  const ports: PortAccess[] = [];
  const movable: MigrationHost[] = [];
  const siteNamespaces = new Map<string, string>();
  const movableInstances = new Map<string, MigrationInstance>();
  const podServers: PodServerPlan[] = [];

  topology.sites.forEach((site) => {
    const k = slot(slots.sites, site.name);
    const siteNs = ns(roles.site(k));
    const siteAddr = siteLinkAddress(k);
    const toSite = ifn(roles.site(k));
    const siteUplink = ifn(`${roles.internet}${k}`);
    const siteHosts = topology.hosts.filter((h) => h.site === site.name);
    const siteSegments = segments.filter((s) => s.site === site.name);
    const hostVteps = siteHosts.map((h) => need(h.publicIp, `host "${h.name}"`));
    internetLinks.push(`link add ${toSite} type veth peer name ${siteUplink} netns ${siteNs}`);
    internetBatch.push(
      `link set ${toSite} up`,
      `addr add ${INTERNET_GATEWAY}/32 dev ${toSite}`,
      `route add ${siteAddr} dev ${toSite} scope link`,
    );
    const siteBatch = [
      'link set lo up',
      `link set ${siteUplink} up`,
      `addr add ${siteAddr}/32 dev ${siteUplink}`,
      `route add ${INTERNET_GATEWAY} dev ${siteUplink} scope link`,
      `route add default via ${INTERNET_GATEWAY} dev ${siteUplink}`,
    ];
    const siteFdb: string[] = [];
    siteNamespaces.set(site.name, siteNs);
    // The site router plays neutron's virtual router for the site's nat networks: its
    // external gateway address on the uplink, routed back to it by the Internet.
    const natPools = siteSegments.filter((s) => kindOf.get(s.network) === 'nat');
    const routerIp = site.routerIp;
    const qrouter = routerIp !== undefined && natPools.length > 0 ? routerIp : null;
    if (qrouter !== null) {
      siteBatch.push(`addr add ${qrouter}/32 dev ${siteUplink}`);
      internetBatch.push(`route add ${qrouter}/32 via ${siteAddr} dev ${toSite}`);
    }
    topology.hosts.forEach((host) => {
      if (host.site !== site.name) return;
      const h = slot(slots.hosts, host.name);
      const hostNs = ns(roles.host(h));
      const publicIp = need(host.publicIp, `host "${host.name}"`);
      const uplink = ifn(`u${h}`);
      const toHost = ifn(roles.host(h));
      const links = [`link add ${uplink} type veth peer name ${toHost} netns ${siteNs}`];
      const batch = ['link set lo up'];
      const fdb: string[] = [];
      siteBatch.push(
        `link set ${toHost} up`,
        `addr add ${SITE_GATEWAY}/32 dev ${toHost}`,
        `route add ${publicIp}/32 dev ${toHost}`,
      );
      internetBatch.push(`route add ${publicIp}/32 via ${siteAddr} dev ${toSite}`);
      const bridges: BridgeAccess[] = siteSegments.map((s) => {
        const name = flavour.bridge(prefix, s);
        const uplinkPort = flavour.uplinkPort(prefix, s);
        batch.push(
          ...segmentDevices(name, bridgeMac('b', h, s.index), uplinkPort, s.vni, publicIp),
        );
        const peers = [SITE_GATEWAY, ...hostVteps.filter((v) => v !== publicIp)];
        fdb.push(...floodEntries(uplinkPort, peers));
        return {
          network: s.network,
          networkId: s.networkId,
          name,
          uplinkPort,
          vni: s.vni,
          gateway: s.gateway,
          podServer: s.podServer,
          cidr: s.cidr,
        };
      });
      const proxyArp: string[] = [];
      let onHost = 0;
      for (const inst of topology.instances) {
        if (inst.host !== host.name) continue;
        const i = instIndex.get(inst.name) as number;
        const ip = need(inst.ip, `instance "${inst.name}"`);
        const instNs = ns(roles.instance(i));
        const portId = portIds[i] as string;
        const n = netIndex.get(inst.network) as number;
        const networkId = netIds[n] as string;
        // What differs between plumbings: the host port, the MAC and the instance's view.
        let port: Pick<PortAccess, 'hostInterface' | 'mac' | 'bridge' | 'prefixLength' | 'gateway'>;
        let script: string;
        if (bridged) {
          const segment = segments[n] as Segment;
          const veth = flavour.port(prefix, { index: i, indexOnHost: onHost, portId });
          const bridge = flavour.bridge(prefix, segment);
          const mac = instanceMac(flavour.macPrefix, i + 1);
          links.push(`link add ${veth} type veth peer name eth0 netns ${instNs}`);
          batch.push(`link set ${veth} mtu ${SEGMENT_MTU} master ${bridge}`, `link set ${veth} up`);
          script = namespaceScript([...ENDPOINT, ...NO_IPV6], bridgedEndpoint(ip, mac, segment));
          port = {
            hostInterface: veth,
            mac,
            bridge,
            prefixLength: segment.prefixLength,
            gateway: segment.gateway,
          };
        } else {
          const veth = ifn(roles.instance(i));
          const mac = instanceMac(ROUTED_MAC_PREFIX, i + 1);
          links.push(
            `link add ${veth} address ${GATEWAY_MAC} type veth peer name eth0 netns ${instNs}`,
          );
          batch.push(`link set ${veth} up`, `route add ${ip}/32 dev ${veth}`);
          proxyArp.push(
            `net/ipv4/conf/${veth}/proxy_arp=1`,
            `net/ipv4/neigh/${veth}/proxy_delay=0`,
          );
          siteBatch.push(`route add ${ip}/32 via ${publicIp} dev ${toHost}`);
          script = namespaceScript(ENDPOINT, [
            `link set eth0 address ${mac}`,
            ...routedEndpoint(ip, INSTANCE_GATEWAY, GATEWAY_MAC),
          ]);
          port = {
            hostInterface: veth,
            mac,
            bridge: null,
            prefixLength: 32,
            gateway: INSTANCE_GATEWAY,
          };
        }
        namespaces.push({ name: instNs, role: 'instance', entity: inst.name, links: [], script });
        const access: PortAccess = {
          instance: inst.name,
          host: host.name,
          portId,
          networkId,
          ...port,
        };
        onHost++;
        // Only public pools are routed outside their site (NET-NAT-IN, NET-PRIVATE).
        if (kindOf.get(inst.network) === 'public') {
          internetBatch.push(`route add ${ip}/32 via ${siteAddr} dev ${toSite}`);
        }
        const segment = bridged
          ? (segments[netIndex.get(inst.network) as number] as Segment)
          : null;
        endpoints.set(inst.name, {
          name: inst.name,
          namespace: instNs,
          ip,
          ...(segment === null
            ? {}
            : { podServer: { ip: segment.podServer, mac: podServerMac(segment) } }),
        });
        ports.push(access);
        movableInstances.set(inst.name, { index: i, ip, portId });
      }
      batch.push(
        `link set ${uplink} up`,
        `addr add ${publicIp}/32 dev ${uplink}`,
        `route add ${SITE_GATEWAY} dev ${uplink} scope link`,
        `route add default via ${SITE_GATEWAY} dev ${uplink}`,
      );
      namespaces.push({
        name: hostNs,
        role: 'host',
        entity: host.name,
        links,
        script: bridged
          ? namespaceScript(BRIDGED_HOST, batch, fdb)
          : namespaceScript([...ROUTER, ...proxyArp], batch),
      });
      movable.push({
        name: host.name,
        site: host.site,
        namespace: hostNs,
        publicIp,
        siteLink: toHost,
        portsAtBuild: onHost,
      });
      hostAccess.push({
        name: host.name,
        site: host.site,
        publicIp,
        uplink,
        enter: enterNamespace(hostNs),
        bridges,
      });
    });
    // The site router is every segment's gateway, on a bridge of its own; the segment's
    // pod-local server is one more port of that bridge, in a namespace of its own.
    const siteLinks: string[] = [];
    for (const s of siteSegments) {
      const bridge = flavour.bridge(prefix, s);
      const vx = flavour.uplinkPort(prefix, s);
      const serverNs = ns(roles.podServer(s.index));
      const serverPort = ifn(roles.podServer(s.index));
      siteLinks.push(`link add ${serverPort} type veth peer name eth0 netns ${serverNs}`);
      siteBatch.push(
        ...segmentDevices(bridge, bridgeMac('g', k, s.index), vx, s.vni, SITE_GATEWAY),
        `addr add ${s.gateway}/${s.prefixLength} dev ${bridge}`,
        `link set ${serverPort} mtu ${SEGMENT_MTU} master ${bridge}`,
        `link set ${serverPort} up`,
      );
      siteFdb.push(...floodEntries(vx, hostVteps));
      const server: PodServerPlan = {
        namespace: serverNs,
        network: s.network,
        site: s.site,
        ip: s.podServer,
        mac: podServerMac(s),
        prefixLength: s.prefixLength,
        gateway: s.gateway,
        leases: topology.instances
          .filter((inst) => inst.network === s.network)
          .map((inst) => {
            const i = instIndex.get(inst.name) as number;
            return {
              mac: instanceMac(flavour.macPrefix, i + 1),
              ip: need(inst.ip, `instance "${inst.name}"`),
            };
          }),
      };
      podServers.push(server);
      namespaces.push({
        name: serverNs,
        role: 'server',
        entity: `${s.site}/${s.network}`,
        links: [],
        script: namespaceScript(
          [...ENDPOINT, ...NO_IPV6],
          bridgedEndpoint(s.podServer, server.mac, s),
        ),
      });
    }
    namespaces.push({
      name: siteNs,
      role: 'site',
      entity: site.name,
      links: siteLinks,
      script:
        namespaceScript(bridged ? [...ROUTER, ...NO_IPV6] : ROUTER, siteBatch, siteFdb) +
        (qrouter === null
          ? ''
          : routerSnatScript(
              siteUplink,
              natPools.map((s) => s.cidr),
              qrouter,
            )),
    });
  });

  topology.externals.forEach((ext) => {
    const e = slot(slots.externals, ext.name);
    const extNs = ns(roles.external(e));
    const ip = need(ext.ip, `external "${ext.name}"`);
    const veth = ifn(roles.external(e));
    internetLinks.push(`link add ${veth} type veth peer name eth0 netns ${extNs}`);
    internetBatch.push(
      `link set ${veth} up`,
      `addr add ${INTERNET_GATEWAY}/32 dev ${veth}`,
      `route add ${ip}/32 dev ${veth}`,
    );
    namespaces.push({
      name: extNs,
      role: 'external',
      entity: ext.name,
      links: [],
      script: namespaceScript(ENDPOINT, routedEndpoint(ip, INTERNET_GATEWAY, null)),
    });
    endpoints.set(ext.name, { name: ext.name, namespace: extNs, ip });
  });

  // No default route: unknown destinations (nat/private pools) are dropped here.
  namespaces.push({
    name: ns(roles.internet),
    role: 'internet',
    entity: 'internet',
    links: internetLinks,
    script: namespaceScript(ROUTER, internetBatch),
  });

  return {
    prefix,
    slots,
    namespaces,
    endpoints,
    layout: { backend: 'netns', runId: prefix, plumbing, hosts: hostAccess, ports },
    migration: {
      prefix,
      plumbing,
      hosts: movable,
      siteNamespaces,
      instances: movableInstances,
    },
    ...(bridged ? { podServers } : {}),
  };
}
