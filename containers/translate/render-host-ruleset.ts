/**
 * The pure nftables renderer: one host's whole policy as one `nft -f` script that
 * declares, deletes and redefines the driver's own table in a single transaction, so
 * reconciling never touches conntrack (established flows survive) nor other tables.
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

const SITE_POOLS = 'site_pools';
const NAT_POOLS = 'nat_pools';

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

function egressChainLines(
  state: DriverState,
  port: DriverPort,
  options: RenderOptions,
  usedGroups: Map<string, readonly string[]>,
): string[] {
  // swapDirections: the chain for packets *from* the port gets its ingress rules.
  const rules = portRules(state, port, options.swapDirections ? 'ingress' : 'egress', options);
  const open = rules.length === 0 && options.egressWithoutEgressRules === 'allow';
  return [
    `\tchain ${egressChain(port.instance)} {`,
    '\t\tmeta nfproto != ipv4 drop',
    ...(options.antiSpoof ? [`\t\tip saddr != ${port.ip} drop`] : []),
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
): string[] {
  const rules = portRules(state, port, options.swapDirections ? 'egress' : 'ingress', options);
  return [
    `\tchain ${ingressChain(port.instance)} {`,
    '\t\tmeta nfproto != ipv4 drop',
    ...(options.siteOnlyKinds.includes(port.kind) ? [`\t\tip saddr != @${SITE_POOLS} drop`] : []),
    ...ruleLines(rules, 'saddr', 'accept', options, usedGroups),
    '\t\tdrop',
    '\t}',
  ];
}

function natLines(host: DriverHost, natPools: readonly string[], options: RenderOptions): string[] {
  const to =
    options.snat.kind === 'host-public-ip'
      ? host.publicIp
      : options.snat.kind === 'fixed'
        ? options.snat.address
        : null;
  return [
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    ...(to !== null && natPools.length > 0
      ? [
          `\t\toifname ${nftString(host.uplink)} ip saddr @${NAT_POOLS} ip daddr != @${SITE_POOLS} snat ip to ${to}`,
        ]
      : []),
    '\t}',
  ];
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
    ...egressChainLines(state, port, options, usedGroups),
    ...ingressChainLines(state, port, options, usedGroups),
  ]);
  const forward = [
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...(options.acceptEstablished
      ? [`\t\tct state ${options.acceptRelated ? 'established,related' : 'established'} accept`]
      : []),
    ...(options.dropInvalid ? ['\t\tct state invalid drop'] : []),
    ...(options.acceptAllIcmp ? ['\t\tmeta l4proto icmp accept'] : []),
    ...ports.map(
      (p) => `\t\tiifname ${nftString(p.hostInterface)} jump ${egressChain(p.instance)}`,
    ),
    ...ports.map(
      (p) => `\t\toifname ${nftString(p.hostInterface)} jump ${ingressChain(p.instance)}`,
    ),
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
  return [
    `# netconform: host ${host.name}, profile ${state.profile}, generation ${state.generation}`,
    `table inet ${NFT_TABLE} {`,
    '}',
    `delete table inet ${NFT_TABLE}`,
    `table inet ${NFT_TABLE} {`,
    ...sets,
    ...forward,
    ...chains,
    ...natLines(host, natPools, options),
    '}',
    '',
  ].join('\n');
}

/** The `nft -f` script that removes the driver's table (and succeeds when it is absent). */
export function renderTeardown(): string {
  return [`table inet ${NFT_TABLE} {`, '}', `delete table inet ${NFT_TABLE}`, ''].join('\n');
}
