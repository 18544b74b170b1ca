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
 * links (`name` or `name>bridge` for an enslaved one) and the nft ruleset.
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
      .map((line) => {
        const name = line.split(':')[1]?.trim() ?? '';
        const master = / master (\S+)/.exec(line)?.[1];
        return master === undefined ? name : `${name}>${master}`;
      })
      .join(' '),
    ruleset: await runOrThrow(['nft', '-s', 'list', 'ruleset']),
  };
}

/** `state` without `bridges`, the links enslaved to them and the ruleset lines naming them. */
export function leavingOut(state: RootState, bridges: ReadonlySet<string>): RootState {
  const names = [...bridges];
  const kept = (link: string) => {
    const [name = '', master = ''] = link.split('>');
    return !bridges.has(name.split('@')[0] ?? '') && !bridges.has(master);
  };
  return {
    ...state,
    links: state.links.split(' ').filter(kept).join(' '),
    ruleset: state.ruleset
      .split('\n')
      .filter((line) => !names.some((bridge) => line.includes(`"${bridge}"`)))
      .join('\n'),
  };
}

/**
 * Bridges (`br-` + 12 hex digits of the network ID) of the Docker networks that netconform
 * runs other than `own` hold now: runs of other test files or other users of the machine,
 * whose networks the engine adds and removes at any moment.
 */
export async function otherRunBridges(own: string): Promise<Set<string>> {
  const listed = await runOrThrow([
    'docker',
    'network',
    'ls',
    '--no-trunc',
    '--filter',
    'label=netconform.run',
    '--format',
    '{{.ID}} {{.Label "netconform.run"}}',
  ]);
  const bridges = new Set<string>();
  for (const line of listed.split('\n')) {
    const [id, run] = line.trim().split(' ');
    if (id !== undefined && id !== '' && run !== own) bridges.add(`br-${id.slice(0, 12)}`);
  }
  return bridges;
}
