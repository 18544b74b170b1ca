/** The configuration script a namespace runs: sysctls, one `ip -batch`, one `bridge -batch`. */

/** Shell script: sysctls (per namespace, never the root one), then `ip -batch`, then `bridge -batch`. */
export function namespaceScript(
  sysctls: readonly string[],
  batch: readonly string[],
  bridgeBatch: readonly string[] = [],
): string {
  const writes = sysctls.map((s) => {
    const [key, value] = s.split('=') as [string, string];
    return key.includes('*')
      ? `for f in /proc/sys/${key}; do echo ${value} > "$f"; done`
      : `echo ${value} > /proc/sys/${key}`;
  });
  const fdb = bridgeBatch.length > 0 ? ["bridge -batch - <<'EOF'", ...bridgeBatch, 'EOF'] : [];
  return ['set -e', ...writes, "ip -batch - <<'EOF'", ...batch, 'EOF', ...fdb, ''].join('\n');
}

// rp_filter off everywhere: anti-spoofing is the firewall driver's job, not plumbing's.
export const NO_RPF = ['net/ipv4/conf/*/rp_filter=0'];
export const ROUTER = [...NO_RPF, 'net/ipv4/ip_forward=1'];
// Spoof probes rewrite the source with an nft rule in the instance (agent-spoof.ts) or
// send from a raw socket (agent.py), so endpoints need no sysctl beyond rp_filter.
export const ENDPOINT = NO_RPF;
// On an L2 segment, IPv6 autoconfiguration would put neighbour discovery and MLD
// multicast on the wire: bridged namespaces speak IPv4 only.
export const NO_IPV6 = ['net/ipv6/conf/all/disable_ipv6=1', 'net/ipv6/conf/default/disable_ipv6=1'];
/**
 * A bridged compute host: bridged IPv4, IPv6 and ARP pass the host's iptables/nftables
 * and arptables hooks (br_netfilter; per namespace on this kernel, a fresh one starts
 * at 1, written anyway), and conntrack picks mid-stream TCP up (neutron relies on it).
 */
export const BRIDGED_HOST = [
  ...NO_RPF,
  ...NO_IPV6,
  'net/bridge/bridge-nf-call-iptables=1',
  'net/bridge/bridge-nf-call-ip6tables=1',
  'net/bridge/bridge-nf-call-arptables=1',
  'net/netfilter/nf_conntrack_tcp_loose=1',
];

/** Table of the virtual router's source NAT in a site router (the harness plays neutron's L3 agent). */
export const ROUTER_SNAT_TABLE = 'netconform_qrouter';

/**
 * Shell lines that make a site router NAT like neutron's virtual router
 * (NEUTRON-ROUTER-SNAT; router_info.py's `-o qg-... -j SNAT --to-source GW`, seed 004's
 * `-o gw -j SNAT --to-source 10.5.0.2`): what leaves through the uplink from the
 * tenant pools gets the router's external address. Scoped to those pools because the
 * same router also routes the provider (`public`) pools, which keep their addresses.
 */
export function routerSnatScript(
  uplink: string,
  pools: readonly string[],
  routerIp: string,
): string {
  return [
    "nft -f - <<'EOF'",
    `table ip ${ROUTER_SNAT_TABLE} {`,
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    `\t\toifname "${uplink}" ip saddr { ${pools.join(', ')} } snat to ${routerIp}`,
    '\t}',
    '}',
    'EOF',
    '',
  ].join('\n');
}

/** The parts `namespaceScript` was given, read back from its script (`reshape-plan.ts` diffs them). */
export function scriptParts(script: string): {
  sysctls: string[];
  batch: string[];
  bridge: string[];
} {
  const lines = script.split('\n');
  const sysctls: string[] = [];
  const batch: string[] = [];
  const bridge: string[] = [];
  let into: string[] | null = null;
  for (const line of lines) {
    if (into !== null) {
      if (line === 'EOF') into = null;
      else into.push(line);
      continue;
    }
    if (line === "ip -batch - <<'EOF'") into = batch;
    else if (line === "bridge -batch - <<'EOF'") into = bridge;
    else {
      const one = /^echo (\S+) > \/proc\/sys\/(\S+)$/.exec(line);
      const all = /^for f in \/proc\/sys\/(\S+); do echo (\S+) > "\$f"; done$/.exec(line);
      if (one) sysctls.push(`${one[2]}=${one[1]}`);
      else if (all) sysctls.push(`${all[1]}=${all[2]}`);
      else if (line !== 'set -e' && line !== '')
        throw new Error(`not a line namespaceScript writes: ${line}`);
    }
  }
  return { sysctls, batch, bridge };
}
