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
