/** Read-only picture of the root network namespace, to prove a run leaves it unchanged. */
import { readFileSync } from 'node:fs';
import { runCommand } from '../../../harness/process/index.ts';

const SYSCTLS = [
  'net/ipv4/ip_forward',
  'net/ipv4/ip_nonlocal_bind',
  'net/ipv4/conf/all/rp_filter',
  'net/ipv4/conf/default/rp_filter',
  'net/ipv4/conf/all/proxy_arp',
  'net/ipv4/conf/default/proxy_arp',
  'net/ipv4/conf/all/forwarding',
  'net/ipv4/neigh/default/proxy_delay',
  'net/netfilter/nf_conntrack_tcp_loose',
];

async function stdout(argv: string[]): Promise<string> {
  const result = await runCommand(argv);
  return result.kind === 'exited' ? `${result.code}\n${result.stdout}` : result.kind;
}

// The Docker engine (used by the docker tier, which may run at the same time) adds
// bridges, veths and iptables-nft chains to the root namespace: not this backend's doing.
const DOCKER = /\bbr-[0-9a-f]{12}\b|\bveth[0-9a-f]+\b|docker/i;

/** Drops Docker's lines, and bare braces whose chain header went with them. */
function withoutDocker(text: string): string {
  return text
    .split('\n')
    .filter((line) => !DOCKER.test(line) && !/^\s*[{}]?\s*$/.test(line))
    .join('\n');
}

/** nft ruleset, routes, rules, link names and the sysctls a dataplane could touch. */
export async function rootSnapshot(): Promise<Record<string, string>> {
  const raw = await rawRootSnapshot();
  return Object.fromEntries(Object.entries(raw).map(([key, text]) => [key, withoutDocker(text)]));
}

async function rawRootSnapshot(): Promise<Record<string, string>> {
  const links = await stdout(['ip', '-o', '-d', 'link']);
  const sysctls = SYSCTLS.map((key) => {
    try {
      return `${key}=${readFileSync(`/proc/sys/${key}`, 'utf8').trim()}`;
    } catch {
      return `${key}=(absent)`;
    }
  });
  return {
    ruleset: await stdout(['nft', 'list', 'ruleset']),
    routes: await stdout(['ip', 'route', 'show', 'table', 'all']),
    rules: await stdout(['ip', 'rule']),
    addresses: await stdout(['ip', '-o', 'addr']),
    linkNames: links
      .split('\n')
      .map((line) => line.split(':')[1]?.trim() ?? '')
      .join('\n'),
    sysctls: sysctls.join('\n'),
  };
}
