/**
 * The pure nftables renderer: one host's whole policy as one `nft -f` script that
 * declares, deletes and redefines the driver's own tables in a single transaction, so
 * reconciling never touches conntrack (established flows survive) nor other tables.
 *
 * Routed hosts: the `inet` forward chain dispatches on the instance's veth. Bridged
 * hosts (docs/backends.md, "Bridged plumbing"): br_netfilter hands bridged IPv4 to the
 * same `inet` chains, where `iifname` is the bridge, not the port, so they dispatch on
 * the addresses the instance owns (the `bridge` table, `render-l2.ts`, pins each port
 * to its MAC and addresses first); each bridge gets its own conntrack zone, since a flow
 * between two networks of one host crosses it twice.
 */
import type {
  DriverHost,
  DriverPort,
  DriverRule,
  DriverState,
} from '../../harness/dataplane/index.ts';
import type { Direction } from '../../spec/index.ts';
import { NFT_TABLE, egressChain, groupSet, ingressChain, nftString } from './nft-names.ts';
import type { RenderOptions } from './render-options.ts';
import { normalizeCidr, renderRuleMatch } from './render-rule.ts';
import { renderL2Table, renderL2Teardown } from './render-l2.ts';

const SITE_POOLS = 'site_pools';
const NAT_POOLS = 'nat_pools';

/** The addresses `port` may send from (L2-SECONDARY-IP), as an nft value or set. */
function ownedSet(port: DriverPort, options: RenderOptions): string {
  const ips = options.secondaryIps ? [port.ip, ...port.secondaryIps] : [port.ip];
  return ips.length === 1 ? port.ip : `{ ${ips.join(', ')} }`;
}

/** Rules of `port` in `direction`, union over its groups (SG-MATCH). */
function portRules(
  state: DriverState,
  port: DriverPort,
  direction: Direction,
  options: RenderOptions,
): DriverRule[] {
  const names = options.groups === 'first' ? port.groups.slice(0, 1) : port.groups;
  return names.flatMap(
    (name) =>
      state.groups.find((g) => g.name === name)?.rules.filter((r) => r.direction === direction) ??
      [],
  );
}

function setBlock(name: string, elements: readonly string[], interval: boolean): string[] {
  const unique = [...new Set(elements)];
  return [
    `\tset ${name} {`,
    '\t\ttype ipv4_addr',
    ...(interval ? ['\t\tflags interval', '\t\tauto-merge'] : []),
    ...(unique.length > 0 ? [`\t\telements = { ${unique.join(', ')} }`] : []),
    '\t}',
  ];
}

/** The rule lines of one per-instance chain (without header and final drop). */
function ruleLines(
  rules: readonly DriverRule[],
  peer: 'saddr' | 'daddr',
  verdict: 'return' | 'accept',
  options: RenderOptions,
  usedGroups: Map<string, readonly string[]>,
): string[] {
  const lines: string[] = [];
  for (const rule of rules) {
    const match = renderRuleMatch(rule, peer, options);
    if (match === undefined) continue;
    if ('group' in rule.remote) usedGroups.set(rule.remote.group, rule.remote.members);
    lines.push(`\t\t${match === '' ? verdict : `${match} ${verdict}`}`);
  }
  return [...new Set(lines)];
}

/** The addresses `port` owns as one nft value: `a.b.c.d` or `{ a, b }`. */
function owned(port: DriverPort): string {
  const ips = [port.ip, ...port.secondaryIps];
  return ips.length === 1 ? port.ip : `{ ${ips.join(', ')} }`;
}

/** The pod-local server of `port`'s segment when the options let it through (L2-DHCP-DNS). */
function podServerOf(host: DriverHost, port: DriverPort, options: RenderOptions): string | null {
  if (!options.podServerAccess || port.bridge === null) return null;
  return host.bridges.find((b) => b.name === port.bridge)?.podServer ?? null;
}

function egressChainLines(
  state: DriverState,
  port: DriverPort,
  options: RenderOptions,
  usedGroups: Map<string, readonly string[]>,
  podServer: string | null,
): string[] {
  // swapDirections: the chain for packets *from* the port gets its ingress rules.
  const rules = portRules(state, port, options.swapDirections ? 'ingress' : 'egress', options);
  const open = rules.length === 0 && options.egressWithoutEgressRules === 'allow';
  return [
    `\tchain ${egressChain(port.instance)} {`,
    '\t\tmeta nfproto != ipv4 drop',
    ...(options.antiSpoof ? [`\t\tip saddr != ${ownedSet(port, options)} drop`] : []),
    // L2-DHCP-DNS: DNS to the segment's server, from the port's own addresses.
    ...(podServer === null
      ? []
      : [`\t\tip daddr ${podServer} meta l4proto { tcp, udp } th dport 53 return`]),
    // NEUTRON-DHCP-CLIENT: renewals from the port's own address (a discover from 0.0.0.0
    // never enters this chain: the bridge table lets it through).
    ...(options.dhcpClient ? ['\t\tudp sport 68 udp dport 67 return'] : []),
    ...(options.strayEgressReturn ? ['\t\treturn'] : []),
    ...(options.siteOnlyKinds.includes(port.kind) ? [`\t\tip daddr != @${SITE_POOLS} drop`] : []),
    ...ruleLines(rules, 'daddr', 'return', options, usedGroups),
    ...(open ? ['\t\treturn'] : []),
    '\t\tdrop',
    '\t}',
  ];
}

function ingressChainLines(
  state: DriverState,
  port: DriverPort,
  options: RenderOptions,
  usedGroups: Map<string, readonly string[]>,
  podServer: string | null,
): string[] {
  return [
    `\tchain ${ingressChain(port.instance)} {`,
    '\t\tmeta nfproto != ipv4 drop',
    ...ingressAcceptLines(state, port, options, usedGroups, podServer, true),
    '\t\tdrop',
    '\t}',
  ];
}

/**
 * The accepts of `port`'s ingress: the DHCP answers, then its rules; with `siteCheck`,
 * the drop of sources outside the site for site-only ports in between.
 */
function ingressAcceptLines(
  state: DriverState,
  port: DriverPort,
  options: RenderOptions,
  usedGroups: Map<string, readonly string[]>,
  podServer: string | null,
  siteCheck: boolean,
): string[] {
  const rules = portRules(state, port, options.swapDirections ? 'egress' : 'ingress', options);
  const siteOnly = siteCheck && options.siteOnlyKinds.includes(port.kind);
  return [
    // L2-DHCP-DNS: the segment's server answers DHCP (its offer starts no tracked flow).
    ...(podServer === null ? [] : [`\t\tip saddr ${podServer} udp sport 67 udp dport 68 accept`]),
    // NEUTRON-DHCP-CLIENT: neutron's server gives every port an ingress rule for DHCP
    // answers from any source (a neighbour's own offers are dropped at its port first).
    ...(options.dhcpClient ? ['\t\tudp sport 67 udp dport 68 accept'] : []),
    ...(siteOnly ? [`\t\tip saddr != @${SITE_POOLS} drop`] : []),
    ...ruleLines(rules, 'saddr', 'accept', options, usedGroups),
  ];
}

/**
 * The host's source NAT of its nat pools leaving the site. A routed host routes them
 * out of its uplink; on a bridged host they leave through a bridge (br_netfilter calls
 * the bridge the output device), which only a host NATing in its virtual router's
 * place would do (the `snat-to-host-instead-of-router` mutant).
 */
function natLines(host: DriverHost, natPools: readonly string[], options: RenderOptions): string[] {
  const out =
    host.plumbing === 'bridged'
      ? `{ ${host.bridges.map((b) => nftString(b.name)).join(', ')} }`
      : nftString(host.uplink);
  const to =
    options.snat.kind === 'host-public-ip'
      ? host.publicIp
      : options.snat.kind === 'fixed'
        ? options.snat.address
        : null;
  return [
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    ...(to !== null &&
    natPools.length > 0 &&
    (host.plumbing !== 'bridged' || host.bridges.length > 0)
      ? [`\t\toifname ${out} ip saddr @${NAT_POOLS} ip daddr != @${SITE_POOLS} snat ip to ${to}`]
      : []),
    '\t}',
  ];
}

/**
 * NEUTRON-BROADCAST: the accepts of `port`'s ingress for the broadcast and multicast
 * copies the bridge table hands it (the DHCP answers, then its rules). Sources are
 * neighbours of the segment, inside the site: the site-pool check has nothing to drop.
 */
function bumIngressLines(
  state: DriverState,
  port: DriverPort,
  options: RenderOptions,
  usedGroups: Map<string, readonly string[]>,
  podServer: string | null,
): string[] {
  return ingressAcceptLines(state, port, options, usedGroups, podServer, false);
}

/**
 * The `nft -f` script that reconciles `hostName` to `state`. Throws when the host is
 * not in the state (a caller bug).
 */
export function renderHostRuleset(
  state: DriverState,
  hostName: string,
  options: RenderOptions,
): string {
  const host = state.hosts.find((h) => h.name === hostName);
  if (host === undefined) {
    throw new Error(`host ${hostName} is not in the driver state; render one of its hosts`);
  }
  const ports = state.ports.filter((p) => p.host === host.name);
  const sitePools = state.pools.filter((p) => p.site === host.site);
  const cidr = (c: string): string => normalizeCidr(c) ?? '0.0.0.0/0';
  const natPools = sitePools
    .filter((p) => options.natKinds.includes(p.kind))
    .map((p) => cidr(p.cidr));

  const usedGroups = new Map<string, readonly string[]>();
  const chains = ports.flatMap((port) => [
    ...egressChainLines(state, port, options, usedGroups, podServerOf(host, port, options)),
    ...ingressChainLines(state, port, options, usedGroups, podServerOf(host, port, options)),
  ]);
  const bridged = host.plumbing === 'bridged';
  const from = (p: DriverPort) =>
    bridged ? `ip saddr ${owned(p)}` : `iifname ${nftString(p.hostInterface)}`;
  const to = (p: DriverPort) =>
    bridged ? `ip daddr ${owned(p)}` : `oifname ${nftString(p.hostInterface)}`;
  const zones = bridged
    ? [
        '\tchain zones {',
        '\t\ttype filter hook prerouting priority raw; policy accept;',
        ...host.bridges.map((b, k) => `\t\tiifname ${nftString(b.name)} ct zone set ${k + 1}`),
        '\t}',
      ]
    : [];
  const forward = [
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...(options.acceptEstablished
      ? [`\t\tct state ${options.acceptRelated ? 'established,related' : 'established'} accept`]
      : []),
    ...(options.invalid === 'rules' ? [] : [`\t\tct state invalid ${options.invalid}`]),
    ...(options.acceptAllIcmp ? ['\t\tmeta l4proto icmp accept'] : []),
    ...(options.acceptDhcpReplies ? ['\t\tudp sport 67 udp dport 68 accept'] : []),
    ...ports.map((p) => `\t\t${from(p)} jump ${egressChain(p.instance)}`),
    ...ports.map((p) => `\t\t${to(p)} jump ${ingressChain(p.instance)}`),
    '\t}',
  ];
  const sets = [
    ...setBlock(
      SITE_POOLS,
      sitePools.map((p) => cidr(p.cidr)),
      true,
    ),
    ...setBlock(NAT_POOLS, natPools, true),
    ...[...usedGroups].flatMap(([group, members]) => setBlock(groupSet(group), members, false)),
  ];
  const bumGroups = new Map<string, readonly string[]>();
  const l2 = bridged
    ? renderL2Table(
        ports.map((p) => ({
          instance: p.instance,
          device: p.device,
          mac: p.mac,
          ips: [p.ip, ...p.secondaryIps],
          ...(options.l2.bumByRules === true
            ? {
                bumIngress: bumIngressLines(
                  state,
                  p,
                  options,
                  bumGroups,
                  podServerOf(host, p, options),
                ),
              }
            : {}),
        })),
        { ...options.l2, ipSource: options.antiSpoof },
        [...bumGroups].flatMap(([group, members]) => setBlock(groupSet(group), members, false)),
      )
    : '';
  return [
    `# netconform: host ${host.name}, profile ${state.profile}, generation ${state.generation}`,
    `table inet ${NFT_TABLE} {`,
    '}',
    `delete table inet ${NFT_TABLE}`,
    `table inet ${NFT_TABLE} {`,
    ...sets,
    ...zones,
    ...forward,
    ...chains,
    ...natLines(host, natPools, options),
    '}',
    ...(bridged ? [l2.trimEnd()] : []),
    '',
  ].join('\n');
}

/** The `nft -f` script that removes the driver's tables (and succeeds when they are absent). */
export function renderTeardown(): string {
  return [
    `table inet ${NFT_TABLE} {`,
    '}',
    `delete table inet ${NFT_TABLE}`,
    renderL2Teardown(),
  ].join('\n');
}
