/**
 * Raw picture of the machine's network namespace, Docker's own objects included (the
 * lifecycle tests filter those out; these tests are about them).
 */
import { readFileSync } from 'node:fs';
import { runOrThrow } from '../../../../harness/process/index.ts';

const SYSCTLS = [
  'net/ipv4/ip_forward',
  'net/ipv4/conf/all/rp_filter',
  'net/ipv4/conf/default/rp_filter',
  'net/ipv4/conf/all/proxy_arp',
  'net/ipv4/conf/all/forwarding',
];

export interface RootState {
  readonly addresses: string;
  readonly routes: string;
  readonly rules: string;
  readonly sysctls: string;
  readonly links: string;
  readonly ruleset: string;
}

/**
 * IPv4 addresses and routes (the kernel gives every new link, the engine's bridges
 * included, an IPv6 link-local address that routes nowhere), policy rules, sysctls,
 * link names and the nft ruleset.
 */
export async function rootState(): Promise<RootState> {
  const links = await runOrThrow(['ip', '-o', 'link']);
  return {
    addresses: await runOrThrow(['ip', '-4', '-o', 'addr']),
    routes: await runOrThrow(['ip', '-4', 'route', 'show', 'table', 'all']),
    rules: await runOrThrow(['ip', 'rule']),
    sysctls: SYSCTLS.map((k) => `${k}=${readFileSync(`/proc/sys/${k}`, 'utf8').trim()}`).join('\n'),
    links: links
      .split('\n')
      .map((line) => line.split(':')[1]?.trim() ?? '')
      .join(' '),
    ruleset: await runOrThrow(['nft', '-s', 'list', 'ruleset']),
  };
}
