/**
 * Pure build plan of the netns dataplane (docs/architecture.md): which namespaces exist,
 * which veths each creates toward its children, and the script that configures each
 * one. All L3, no bridges, like Calico: instances sit behind /32 routes on their compute
 * host, hosts behind their site router, site routers behind the `internet` router.
 */
import type { ResolvedTopology } from '../../../spec/index.ts';
import type { DataplaneLayout } from '../../../harness/dataplane/index.ts';
import { interfaceName, namespaceName, roles } from './names.ts';

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

export type NamespaceRole = 'instance' | 'host' | 'site' | 'internet' | 'external';

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

/** A traffic endpoint (instance or external) and the namespace its agent runs in. */
export interface EndpointPlan {
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
}

export interface BuildPlan {
  readonly prefix: string;
  readonly namespaces: readonly NamespacePlan[];
  readonly endpoints: ReadonlyMap<string, EndpointPlan>;
  readonly layout: DataplaneLayout;
}

function need(value: string | undefined, what: string): string {
  if (value === undefined) {
    throw new Error(`${what} has no address: resolve the topology before building it`);
  }
  return value;
}

/** Shell script: sysctls (per namespace, never the root one) then one `ip -batch`. */
function script(sysctls: readonly string[], batch: readonly string[]): string {
  const writes = sysctls.map((s) => {
    const [key, value] = s.split('=') as [string, string];
    return key.includes('*')
      ? `for f in /proc/sys/${key}; do echo ${value} > "$f"; done`
      : `echo ${value} > /proc/sys/${key}`;
  });
  return ['set -e', ...writes, "ip -batch - <<'EOF'", ...batch, 'EOF', ''].join('\n');
}

// rp_filter off everywhere: anti-spoofing is the firewall driver's job, not plumbing's.
const NO_RPF = ['net/ipv4/conf/*/rp_filter=0'];
const ROUTER = [...NO_RPF, 'net/ipv4/ip_forward=1'];
// Spoof probes rewrite the source with an nft rule in the instance (agent-spoof.ts),
// so endpoints need no sysctl beyond rp_filter.
const ENDPOINT = NO_RPF;

function endpointBatch(ip: string, gateway: string, gatewayMac: string | null): string[] {
  return [
    'link set lo up',
    'link set eth0 up',
    `addr add ${ip}/32 dev eth0`,
    `route add ${gateway} dev eth0 scope link`,
    `route add default via ${gateway} dev eth0`,
    ...(gatewayMac ? [`neigh replace ${gateway} lladdr ${gatewayMac} dev eth0 nud permanent`] : []),
  ];
}

/** Plans the dataplane of `topology` for run `prefix`. Pure. */
export function planNetns(topology: ResolvedTopology, prefix: string): BuildPlan {
  const ns = (role: string) => namespaceName(prefix, role);
  const ifn = (role: string) => interfaceName(prefix, role);
  const namespaces: NamespacePlan[] = [];
  const endpoints = new Map<string, EndpointPlan>();
  const kindOf = new Map(topology.networks.map((n) => [n.name, n.kind]));
  const instIndex = new Map(topology.instances.map((inst, i) => [inst.name, i]));
  const internetLinks: string[] = [];
  const internetBatch: string[] = ['link set lo up'];
  const hostAccess: DataplaneLayout['hosts'][number][] = [];
  const ports: DataplaneLayout['ports'][number][] = [];

  topology.sites.forEach((site, k) => {
    const siteNs = ns(roles.site(k));
    const siteAddr = siteLinkAddress(k);
    const toSite = ifn(roles.site(k));
    const siteUplink = ifn(`${roles.internet}${k}`);
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
    topology.hosts.forEach((host, h) => {
      if (host.site !== site.name) return;
      const hostNs = ns(roles.host(h));
      const publicIp = need(host.publicIp, `host "${host.name}"`);
      const uplink = ifn(`u${h}`);
      const toHost = ifn(roles.host(h));
      const links = [`link add ${uplink} type veth peer name ${toHost} netns ${siteNs}`];
      const batch = ['link set lo up'];
      siteBatch.push(
        `link set ${toHost} up`,
        `addr add ${SITE_GATEWAY}/32 dev ${toHost}`,
        `route add ${publicIp}/32 dev ${toHost}`,
      );
      internetBatch.push(`route add ${publicIp}/32 via ${siteAddr} dev ${toSite}`);
      const proxyArp: string[] = [];
      for (const inst of topology.instances) {
        if (inst.host !== host.name) continue;
        const i = instIndex.get(inst.name) as number;
        const ip = need(inst.ip, `instance "${inst.name}"`);
        const instNs = ns(roles.instance(i));
        const veth = ifn(roles.instance(i));
        links.push(
          `link add ${veth} address ${GATEWAY_MAC} type veth peer name eth0 netns ${instNs}`,
        );
        batch.push(`link set ${veth} up`, `route add ${ip}/32 dev ${veth}`);
        proxyArp.push(`net/ipv4/conf/${veth}/proxy_arp=1`, `net/ipv4/neigh/${veth}/proxy_delay=0`);
        siteBatch.push(`route add ${ip}/32 via ${publicIp} dev ${toHost}`);
        // Only public pools are routed outside their site (NET-NAT-IN, NET-PRIVATE).
        if (kindOf.get(inst.network) === 'public') {
          internetBatch.push(`route add ${ip}/32 via ${siteAddr} dev ${toSite}`);
        }
        namespaces.push({
          name: instNs,
          role: 'instance',
          entity: inst.name,
          links: [],
          script: script(ENDPOINT, endpointBatch(ip, INSTANCE_GATEWAY, GATEWAY_MAC)),
        });
        endpoints.set(inst.name, { name: inst.name, namespace: instNs, ip });
        ports.push({ instance: inst.name, host: host.name, hostInterface: veth });
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
        script: script([...ROUTER, ...proxyArp], batch),
      });
      hostAccess.push({
        name: host.name,
        site: host.site,
        publicIp,
        uplink,
        enter: ['ip', 'netns', 'exec', hostNs],
      });
    });
    namespaces.push({
      name: siteNs,
      role: 'site',
      entity: site.name,
      links: [],
      script: script(ROUTER, siteBatch),
    });
  });

  topology.externals.forEach((ext, e) => {
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
      script: script(ENDPOINT, endpointBatch(ip, INTERNET_GATEWAY, null)),
    });
    endpoints.set(ext.name, { name: ext.name, namespace: extNs, ip });
  });

  // No default route: unknown destinations (nat/private pools) are dropped here.
  namespaces.push({
    name: ns(roles.internet),
    role: 'internet',
    entity: 'internet',
    links: internetLinks,
    script: script(ROUTER, internetBatch),
  });

  return {
    prefix,
    namespaces,
    endpoints,
    layout: { backend: 'netns', runId: prefix, hosts: hostAccess, ports },
  };
}
