/**
 * CT-FLUSH-ON-REMOVE for the nft renderer: which conntrack entries of a host belong to
 * flows the current rules would no longer admit as new, and the `conntrack -D` commands
 * that delete them. Pure: the driver lists the entries (`conntrack -L`) and runs the
 * commands (containers/drivers/cut-flows.ts). Rules are matched as `render-rule.ts`
 * renders them (protocol match, port range upper bound, which groups count, swapped
 * directions), so a mutant's cut agrees with its own ruleset.
 */
import ipaddr from 'ipaddr.js';
import type { DriverPort, DriverRule, DriverState } from '../../harness/dataplane/index.ts';
import type { Direction } from '../../spec/index.ts';
import type { RenderOptions } from './render-options.ts';

/** One conntrack entry, by its original direction. */
export interface CtEntry {
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  readonly src: string;
  readonly dst: string;
  /** Destination port (tcp/udp); null for icmp. */
  readonly dport: number | null;
  /** Conntrack zone; null for the default zone. */
  readonly zone: number | null;
}

/** The tcp, udp and icmp entries of `conntrack -L` output; other lines are skipped. */
export function parseConntrackList(text: string): CtEntry[] {
  const entries: CtEntry[] = [];
  for (const line of text.split('\n')) {
    const protocol = /^(tcp|udp|icmp)\s/.exec(line)?.[1] as CtEntry['protocol'] | undefined;
    const src = /\bsrc=(\S+)/.exec(line)?.[1];
    const dst = /\bdst=(\S+)/.exec(line)?.[1];
    if (protocol === undefined || src === undefined || dst === undefined) continue;
    const dport = /\bdport=(\d+)/.exec(line)?.[1];
    const zone = /\bzone=(\d+)/.exec(line)?.[1];
    entries.push({
      protocol,
      src,
      dst,
      dport: protocol === 'icmp' || dport === undefined ? null : Number(dport),
      zone: zone === undefined ? null : Number(zone),
    });
  }
  return entries;
}

function inCidr(ip: string, cidr: string): boolean {
  return ipaddr.IPv4.parse(ip).match(ipaddr.IPv4.parseCIDR(cidr));
}

function matches(rule: DriverRule, entry: CtEntry, peer: string, options: RenderOptions): boolean {
  if (rule.protocol !== 'any') {
    const sameFamily =
      options.protocolMatch === 'ports-only' && rule.protocol !== 'icmp'
        ? entry.protocol !== 'icmp'
        : entry.protocol === rule.protocol;
    if (!sameFamily) return false;
  }
  if (rule.ports !== null && rule.protocol !== 'icmp' && rule.protocol !== 'any') {
    const upper = options.portRangeUpper === 'inclusive' ? rule.ports.to : rule.ports.to - 1;
    if (entry.dport === null || entry.dport < rule.ports.from || entry.dport > upper) return false;
  }
  return 'cidr' in rule.remote
    ? inCidr(peer, rule.remote.cidr)
    : rule.remote.members.includes(peer);
}

/** Rules of `port` in the chain for `direction` of its traffic, as the renderer picks them. */
function chainRules(
  state: DriverState,
  port: DriverPort,
  side: Direction,
  options: RenderOptions,
): DriverRule[] {
  const wanted: Direction = options.swapDirections
    ? side === 'egress'
      ? 'ingress'
      : 'egress'
    : side;
  const names = options.groups === 'first' ? port.groups.slice(0, 1) : port.groups;
  return names.flatMap(
    (name) =>
      state.groups.find((g) => g.name === name)?.rules.filter((r) => r.direction === wanted) ?? [],
  );
}

const owner = (state: DriverState, ip: string): DriverPort | undefined =>
  state.ports.find((p) => p.ip === ip || p.secondaryIps.includes(ip));

/**
 * Whether the rules admit `entry`'s original direction as a new flow: an egress rule of
 * the sending port and an ingress rule of the receiving port (SG-BOTH-ENDS), each end
 * checked only when it is a port of the state.
 */
export function admitsNewFlow(state: DriverState, entry: CtEntry, options: RenderOptions): boolean {
  const from = owner(state, entry.src);
  const to = owner(state, entry.dst);
  if (from !== undefined && !options.strayEgressReturn) {
    const rules = chainRules(state, from, 'egress', options);
    const open = rules.length === 0 && options.egressWithoutEgressRules === 'allow';
    if (!open && !rules.some((r) => matches(r, entry, entry.dst, options))) return false;
  }
  if (to !== undefined) {
    const rules = chainRules(state, to, 'ingress', options);
    if (!rules.some((r) => matches(r, entry, entry.src, options))) return false;
  }
  return true;
}

/**
 * `conntrack -D` commands (without the host's enter prefix) deleting `entries`, one per
 * (protocol, source, destination, port, zone).
 */
export function deleteCommands(entries: readonly CtEntry[]): string[][] {
  const commands = new Map<string, string[]>();
  for (const entry of entries) {
    const argv = [
      'conntrack',
      '-D',
      '-p',
      entry.protocol,
      '-s',
      entry.src,
      '-d',
      entry.dst,
      ...(entry.dport === null ? [] : ['--dport', String(entry.dport)]),
      ...(entry.zone === null ? [] : ['-w', String(entry.zone)]),
    ];
    commands.set(argv.join(' '), argv);
  }
  return [...commands.values()];
}

/**
 * `conntrack -D` commands deleting the entries of flows no longer admitted. Entries
 * between addresses that are no port of the state (the host's own VXLAN traffic) stay.
 */
export function cutCommands(
  state: DriverState,
  entries: readonly CtEntry[],
  options: RenderOptions,
): string[][] {
  return deleteCommands(
    entries.filter(
      (entry) =>
        (owner(state, entry.src) !== undefined || owner(state, entry.dst) !== undefined) &&
        !admitsNewFlow(state, entry, options),
    ),
  );
}
