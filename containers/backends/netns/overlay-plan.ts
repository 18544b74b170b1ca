/**
 * Pure build plan of danube's overlay plumbing (seed 003, docs/backends.md "Danube
 * overlays"): what a host has before any agent runs. Every compute host has an external
 * interface (`ext0`, its public address, default route to the `internet` router) and an
 * admin interface (`adm0`) on its PDC's admin network (a bridge in a namespace of its
 * own); per overlay with a local instance a bridge and a VXLAN device (the overlay's VNI
 * and UDP port, no learning, an empty forwarding table); instances on the bridge with
 * the Ethernet default MTU. The platform's agent (the overlay driver) owns the rest: the
 * vNIC MTU, the static forwarding table (the seed's "virtual ARP table") and with it the
 * path (admin or Internet), encryption between PDCs and the external firewall. So a bare
 * build carries no overlay traffic between hosts.
 */
import { DEFAULT_OVERLAY_PORT, parseCidr } from '../../../spec/index.ts';
import type { ResolvedTopology } from '../../../spec/index.ts';
import type { HostAccess, PortAccess } from '../../../harness/dataplane/index.ts';
import { distinctUuids } from '../../../harness/dataplane/stable-id.ts';
import { flavours, instanceMac } from './flavours.ts';
import { enterNamespace, interfaceName, namespaceName, roles } from './names.ts';
import { ENDPOINT, NO_IPV6, NO_RPF, ROUTER, namespaceScript } from './plan-script.ts';
import { networkIds } from './segments.ts';
import type { BuildPlan, EndpointPlan, NamespacePlan, OverlayProbePlan } from './plan.ts';

/** Address of the `internet` router on each of its links (as in routed plumbing). */
const INTERNET_GATEWAY = '169.254.4.1';
/** A host's external (Internet-facing) and admin interfaces, in its namespace. */
export const EXTERNAL_IF = 'ext0';
export const ADMIN_IF = 'adm0';
/** The admin network of PDC `p` is 169.254.(16 + p).0/24; host `h` of it is `.h+1`. */
export const adminAddress = (p: number, h: number): string => `169.254.${16 + p}.${h + 1}`;

/** One overlay as a host holds it. */
export interface OverlayDevice {
  readonly network: string;
  readonly vni: number;
  readonly udpPort: number;
  readonly bridge: string;
  readonly vxlan: string;
}

/** Namespace role of a PDC's admin network. */
export const adminRole = (p: number): string => `a${p}`;

function pdcOf(host: { site: string; pdc?: string | undefined }): string {
  return host.pdc ?? host.site;
}

/** Plans the overlay dataplane of `topology` for run `prefix`. Pure. */
export function planOverlays(topology: ResolvedTopology, prefix: string): BuildPlan {
  const ns = (role: string) => namespaceName(prefix, role);
  const ifn = (role: string) => interfaceName(prefix, role);
  const pdcs = [...new Set(topology.hosts.map(pdcOf))];
  const pdcIndex = new Map(pdcs.map((p, i) => [p, i]));
  const inPdc = new Map<string, number>();
  const hostInfo = topology.hosts.map((host, h) => {
    const pdc = pdcOf(host);
    const k = inPdc.get(pdc) ?? 0;
    inPdc.set(pdc, k + 1);
    return { host, h, pdc, adminIp: adminAddress(pdcIndex.get(pdc) as number, k) };
  });
  const netIds = networkIds(topology);
  const netIndex = new Map(topology.networks.map((n, i) => [n.name, i]));
  const portIds = distinctUuids(
    'port',
    topology.instances.map((i) => i.name),
  );
  const macOf = (i: number) => instanceMac(flavours.generic.macPrefix, i + 1);
  const device = (n: number): OverlayDevice => {
    const net = topology.networks[n]!;
    return {
      network: net.name,
      vni: net.vni ?? 4000 + n,
      udpPort: net.udpPort ?? DEFAULT_OVERLAY_PORT,
      bridge: `ovb${n}`,
      vxlan: `ovx${n}`,
    };
  };
  const namespaces: NamespacePlan[] = [];
  const endpoints = new Map<string, EndpointPlan>();
  const hosts: HostAccess[] = [];
  const ports: PortAccess[] = [];
  const probeInstances = new Map<
    string,
    OverlayProbePlan['instances'] extends ReadonlyMap<string, infer V> ? V : never
  >();
  const internetLinks: string[] = [];
  const internetBatch = ['link set lo up'];
  const adminLinks = pdcs.map((): string[] => []);
  const adminBatch = pdcs.map(() => [
    'link set lo up',
    'link add adm type bridge stp_state 0 forward_delay 0',
    'link set adm up',
  ]);

  for (const { host, h, pdc, adminIp } of hostInfo) {
    const hostNs = ns(roles.host(h));
    const publicIp = host.publicIp;
    const p = pdcIndex.get(pdc) as number;
    const toHost = ifn(roles.host(h));
    internetLinks.push(`link add ${toHost} type veth peer name ${EXTERNAL_IF} netns ${hostNs}`);
    internetBatch.push(
      `link set ${toHost} up`,
      `addr add ${INTERNET_GATEWAY}/32 dev ${toHost}`,
      `route add ${publicIp}/32 dev ${toHost}`,
    );
    const toAdmin = ifn(`${adminRole(p)}${roles.host(h)}`);
    adminLinks[p]!.push(`link add ${toAdmin} type veth peer name ${ADMIN_IF} netns ${hostNs}`);
    adminBatch[p]!.push(`link set ${toAdmin} master adm`, `link set ${toAdmin} up`);
    const links: string[] = [];
    const batch = [
      'link set lo up',
      `link set ${EXTERNAL_IF} up`,
      `addr add ${publicIp}/32 dev ${EXTERNAL_IF}`,
      `route add ${INTERNET_GATEWAY} dev ${EXTERNAL_IF} scope link`,
      `route add default via ${INTERNET_GATEWAY} dev ${EXTERNAL_IF}`,
      `link set ${ADMIN_IF} up`,
      `addr add ${adminIp}/24 dev ${ADMIN_IF}`,
    ];
    const local = topology.instances.filter((i) => i.host === host.name);
    const overlays = [...new Set(local.map((i) => netIndex.get(i.network) as number))].sort(
      (a, b) => a - b,
    );
    const devices: { network: string; bridge: string; vxlan: string }[] = [];
    for (const n of overlays) {
      const d = device(n);
      batch.push(
        `link add ${d.bridge} type bridge stp_state 0 forward_delay 0`,
        `link add ${d.vxlan} type vxlan id ${d.vni} dstport ${d.udpPort} nolearning`,
        `link set ${d.vxlan} master ${d.bridge}`,
        `link set ${d.vxlan} up`,
        `link set ${d.bridge} up`,
      );
      devices.push({ network: d.network, bridge: d.bridge, vxlan: d.vxlan });
    }
    for (const inst of local) {
      const i = topology.instances.indexOf(inst);
      const n = netIndex.get(inst.network) as number;
      const d = device(n);
      const instNs = ns(roles.instance(i));
      const veth = ifn(roles.instance(i));
      const mac = macOf(i);
      const prefixLength = parseCidr(topology.networks[n]!.cidr).prefix;
      links.push(`link add ${veth} type veth peer name eth0 netns ${instNs}`);
      batch.push(`link set ${veth} master ${d.bridge}`, `link set ${veth} up`);
      namespaces.push({
        name: instNs,
        role: 'instance',
        entity: inst.name,
        links: [],
        // The vNIC starts at the Ethernet default: its overlay's MTU is the agent's (OV-MTU).
        script: namespaceScript(
          [...ENDPOINT, ...NO_IPV6],
          [
            'link set lo up',
            `link set eth0 address ${mac}`,
            'link set eth0 up',
            `addr add ${inst.ip}/${prefixLength} dev eth0`,
            // On-link default: traffic off the overlay asks ARP and gets no answer (blocked),
            // rather than failing at the sender with no route (which probes call inconclusive).
            'route add default dev eth0',
          ],
        ),
      });
      endpoints.set(inst.name, { name: inst.name, namespace: instNs, ip: inst.ip });
      probeInstances.set(inst.name, {
        namespace: instNs,
        ip: inst.ip,
        mac,
        hostNamespace: hostNs,
        hostPublicIp: publicIp,
        vni: d.vni,
        udpPort: d.udpPort,
        adminNamespace: ns(adminRole(p)),
      });
      ports.push({
        instance: inst.name,
        host: host.name,
        hostInterface: veth,
        mac,
        portId: portIds[i] as string,
        networkId: netIds[n] as string,
        bridge: d.bridge,
        prefixLength,
        gateway: inst.ip,
        vnicEnter: enterNamespace(instNs),
      });
    }
    namespaces.push({
      name: hostNs,
      role: 'host',
      entity: host.name,
      links,
      script: namespaceScript([...NO_RPF, ...NO_IPV6], batch),
    });
    hosts.push({
      name: host.name,
      site: host.site,
      publicIp,
      uplink: EXTERNAL_IF,
      enter: enterNamespace(hostNs),
      bridges: [],
      overlay: { adminIp, devices },
    });
  }

  pdcs.forEach((pdc, p) =>
    namespaces.push({
      name: ns(adminRole(p)),
      role: 'site',
      entity: `admin network of PDC ${pdc}`,
      links: adminLinks[p]!,
      script: namespaceScript([...NO_RPF, ...NO_IPV6], adminBatch[p]!),
    }),
  );
  topology.externals.forEach((ext, e) => {
    const extNs = ns(roles.external(e));
    const veth = ifn(roles.external(e));
    internetLinks.push(`link add ${veth} type veth peer name eth0 netns ${extNs}`);
    internetBatch.push(
      `link set ${veth} up`,
      `addr add ${INTERNET_GATEWAY}/32 dev ${veth}`,
      `route add ${ext.ip}/32 dev ${veth}`,
    );
    namespaces.push({
      name: extNs,
      role: 'external',
      entity: ext.name,
      links: [],
      script: namespaceScript(ENDPOINT, [
        'link set lo up',
        'link set eth0 up',
        `addr add ${ext.ip}/32 dev eth0`,
        `route add ${INTERNET_GATEWAY} dev eth0 scope link`,
        `route add default via ${INTERNET_GATEWAY} dev eth0`,
      ]),
    });
    endpoints.set(ext.name, { name: ext.name, namespace: extNs, ip: ext.ip });
  });
  // No default route: only host public addresses and externals are on the Internet.
  namespaces.push({
    name: ns(roles.internet),
    role: 'internet',
    entity: 'internet',
    links: internetLinks,
    script: namespaceScript(ROUTER, internetBatch),
  });
  return {
    prefix,
    namespaces,
    endpoints,
    layout: { backend: 'netns', runId: prefix, plumbing: { mode: 'overlay' }, hosts, ports },
    overlay: { instances: probeInstances, internetNamespace: ns(roles.internet) },
  };
}
