/**
 * Pure build plan of the Docker dataplane, derived from the netns plan so both
 * backends have the same shape, names, addresses and routes (docs/backends.md):
 * compute hosts, site routers and the internet router become containers; instances and
 * externals stay namespaces on the machine, attached by veths created in their
 * container's namespace. Each container-to-container veth of the netns plan becomes a
 * VXLAN tunnel across an internal Docker network: Docker's isolation rules drop
 * bridged packets whose addresses are outside the network's subnet, and this kernel
 * has no ipip/gre, so the harness's addresses travel encapsulated.
 */
import type { DataplaneLayout } from '../../../harness/dataplane/index.ts';
import { enterNamespace, type BuildPlan, type NamespacePlan } from '../netns/index.ts';
import { lanNetworkName, wanNetworkName } from './labels.ts';

export type ContainerRole = 'host' | 'site' | 'internet';

/** One container; its network namespace is attached as `/run/netns/<name>`. */
export interface ContainerPlan {
  readonly name: string;
  readonly role: ContainerRole;
  readonly entity: string;
  /** Docker networks it joins, the first at creation. */
  readonly networks: readonly string[];
  /** `ip -batch` lines creating veths into machine namespaces (instances, externals). */
  readonly links: readonly string[];
  /** The netns plan's configuration script (sysctls, addresses, routes). */
  readonly script: string;
}

export interface NetworkPlan {
  readonly name: string;
  readonly role: 'lan' | 'wan';
}

/** One end of a tunnel: the interface name the netns plan gives that veth end. */
export interface TunnelEnd {
  readonly container: string;
  readonly ifname: string;
}

/** A point-to-point VXLAN replacing one veth pair of the netns plan. */
export interface TunnelPlan {
  readonly vni: number;
  readonly network: string;
  readonly a: TunnelEnd;
  readonly b: TunnelEnd;
}

export interface DockerPlan {
  readonly prefix: string;
  readonly containers: readonly ContainerPlan[];
  readonly networks: readonly NetworkPlan[];
  readonly tunnels: readonly TunnelPlan[];
  /** Namespaces created on the machine (instances, externals, pod-local servers). */
  readonly machineNamespaces: readonly NamespacePlan[];
  readonly endpoints: BuildPlan['endpoints'];
  readonly layout: DataplaneLayout;
  /** Bridged plumbing: each segment's pod-local DHCP/DNS server (a machine namespace). */
  readonly podServers: NonNullable<BuildPlan['podServers']>;
}

const VETH_LINE = /^link add (\S+) (?:address \S+ )?type veth peer name (\S+) netns (\S+)$/;

/** UDP port of the tunnels between containers (the standard VXLAN port). */
export const TUNNEL_PORT = 4789;

/**
 * VNIs the plan's own VXLAN devices use on `TUNNEL_PORT` inside containers (bridged
 * segments, danube overlays on that port): a container demultiplexes every VXLAN
 * packet of a port by VNI alone, so the tunnels must not take them.
 */
function vnisOnTunnelPort(base: BuildPlan): Set<number> {
  return new Set([
    ...base.layout.hosts.flatMap((h) => h.bridges.map((b) => b.vni)),
    ...[...(base.overlay?.instances.values() ?? [])]
      .filter((i) => i.udpPort === TUNNEL_PORT)
      .map((i) => i.vni),
  ]);
}

/** Derives the Docker plan from `base` (the netns plan of the same topology). Pure. */
export function planDocker(base: BuildPlan): DockerPlan {
  // Instances, externals and pod-local servers stay namespaces on the machine.
  const inContainer = base.namespaces.filter(
    (ns) => ns.role === 'host' || ns.role === 'site' || ns.role === 'internet',
  );
  const containerNames = new Set(inContainer.map((ns) => ns.name));
  const roleOf = new Map(inContainer.map((ns) => [ns.name, ns.role]));
  const tunnels: TunnelPlan[] = [];
  const networksOf = new Map<string, string[]>(inContainer.map((ns) => [ns.name, []]));
  const networks = new Map<string, NetworkPlan>();
  const linksOf = new Map<string, string[]>();
  const taken = vnisOnTunnelPort(base);
  let lastVni = 0;
  const nextVni = (): number => {
    do lastVni++;
    while (taken.has(lastVni));
    return lastVni;
  };

  for (const ns of inContainer) {
    const kept: string[] = [];
    for (const line of ns.links) {
      const match = VETH_LINE.exec(line.trim());
      if (match === null) {
        throw new Error(
          `the Docker plan cannot translate netns plan line "${line}" of ${ns.name}: expected a veth`,
        );
      }
      const [, ifname, peerIfname, target] = match as unknown as [string, string, string, string];
      if (!containerNames.has(target)) {
        kept.push(line);
        continue;
      }
      // A link touching the internet router crosses the WAN; any other, its site's LAN.
      const site = roleOf.get(ns.name) === 'site' ? ns.name : target;
      const network: NetworkPlan =
        roleOf.get(ns.name) === 'internet' || roleOf.get(target) === 'internet'
          ? { name: wanNetworkName(base.prefix), role: 'wan' }
          : { name: lanNetworkName(site), role: 'lan' };
      networks.set(network.name, network);
      for (const end of [ns.name, target]) {
        const joined = networksOf.get(end) as string[];
        if (!joined.includes(network.name)) joined.push(network.name);
      }
      tunnels.push({
        vni: nextVni(),
        network: network.name,
        a: { container: ns.name, ifname },
        b: { container: target, ifname: peerIfname },
      });
    }
    linksOf.set(ns.name, kept);
  }

  const containers: ContainerPlan[] = inContainer.map((ns) => ({
    name: ns.name,
    role: ns.role as ContainerRole,
    entity: ns.entity,
    networks: networksOf.get(ns.name) ?? [],
    links: linksOf.get(ns.name) ?? [],
    script: ns.script,
  }));
  const hostNamespace = new Map(
    inContainer.filter((ns) => ns.role === 'host').map((ns) => [ns.entity, ns.name]),
  );
  const layout: DataplaneLayout = {
    ...base.layout,
    backend: 'docker',
    hosts: base.layout.hosts.map((h) => ({
      ...h,
      enter: enterNamespace(hostNamespace.get(h.name) as string),
    })),
  };
  return {
    prefix: base.prefix,
    containers,
    networks: [...networks.values()],
    tunnels,
    machineNamespaces: base.namespaces.filter((ns) => !containerNames.has(ns.name)),
    endpoints: base.endpoints,
    layout,
    podServers: base.podServers ?? [],
  };
}

/**
 * The interfaces Docker gives each container, by container name: `eth<k>` on the k-th
 * network it joins (the first at creation, the others connected in order). They carry
 * the tunnels' outer packets, not the harness's own links.
 */
export function underlayInterfaces(plan: DockerPlan): ReadonlyMap<string, readonly string[]> {
  return new Map(plan.containers.map((c) => [c.name, c.networks.map((_, k) => `eth${k}`)]));
}
