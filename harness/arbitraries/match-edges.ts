/**
 * Traffic at the edges of rule matching: for every field a rule matches on
 * (protocol, each port-range bound, each remote-CIDR bound, remote-group
 * membership), whether a new flow met a rule of a side the model consults with
 * every other field matching and that field just inside or just outside. Pure.
 */
import {
  compileRule,
  ipToInt,
  type CompiledRule,
  type Direction,
  type ResolvedTopology,
  type Step,
} from '../../spec/index.ts';

/** The fields a rule matches on. */
export const MATCH_FIELDS = [
  'protocol',
  'port-lo',
  'port-hi',
  'cidr-lo',
  'cidr-hi',
  'remote-group',
] as const;

/** Every match-edge feature, `match:<field>:<inside|outside>`. */
export const MATCH_EDGES: readonly string[] = MATCH_FIELDS.flatMap((f) => [
  `match:${f}:inside`,
  `match:${f}:outside`,
]);

type NewFlow = Extract<Step, { op: 'probe' | 'open' }>;

interface Packet {
  readonly protocol: NewFlow['protocol'];
  readonly port: number;
  readonly peer: number;
}

/** The edge features one rule shows for `packet`, and whether the rule admits it. */
function ruleEdges(
  r: CompiledRule,
  p: Packet,
  members: ReadonlySet<number> | undefined,
): { edges: string[]; admits: boolean } {
  const out: string[] = [];
  const ported = (r.protocol === 'tcp' || r.protocol === 'udp') && p.protocol !== 'icmp';
  const portOk = !ported || (p.port >= r.lo && p.port <= r.hi);
  const protoOk = r.protocol === 'any' || r.protocol === p.protocol;
  const remoteOk =
    r.group === null ? p.peer >= r.first && p.peer <= r.last : members?.has(p.peer) === true;
  if (r.protocol !== 'any' && portOk && remoteOk)
    out.push(`match:protocol:${protoOk ? 'inside' : 'outside'}`);
  if (ported && protoOk && remoteOk && r.rule.ports !== undefined) {
    if (p.port === r.lo) out.push('match:port-lo:inside');
    if (p.port === r.lo - 1) out.push('match:port-lo:outside');
    if (p.port === r.hi) out.push('match:port-hi:inside');
    if (p.port === r.hi + 1) out.push('match:port-hi:outside');
  }
  if (protoOk && portOk) {
    if (r.group !== null) out.push(`match:remote-group:${remoteOk ? 'inside' : 'outside'}`);
    else if (r.last - r.first < 2 ** 32 - 1) {
      if (p.peer === r.first) out.push('match:cidr-lo:inside');
      if (p.peer === r.first - 1) out.push('match:cidr-lo:outside');
      if (p.peer === r.last) out.push('match:cidr-hi:inside');
      if (p.peer === r.last + 1) out.push('match:cidr-hi:outside');
    }
  }
  return { edges: out, admits: protoOk && portOk && remoteOk };
}

/**
 * The edge features of new flow `step` in `topology` (the state before it). Only
 * sides the model consults count: the source's egress, then the destination's
 * ingress when the egress admitted the flow. `blocked` says the network structure
 * decided the flow before any rule (private or nat pools, Internet to Internet).
 */
export function matchEdges(topology: ResolvedTopology, step: NewFlow, blocked: boolean): string[] {
  if (blocked) return [];
  const instance = (name: string) => topology.instances.find((i) => i.name === name);
  const external = (name: string) => topology.externals.find((e) => e.name === name);
  const siteOf = (name: string) =>
    topology.networks.find((n) => n.name === instance(name)?.network);
  const from = instance(step.from);
  const to = instance(step.to);
  const toIp = to?.ip ?? external(step.to)?.ip;
  const fromIp = from?.ip ?? external(step.from)?.ip;
  if (toIp === undefined || fromIp === undefined) return [];
  const fromNet = siteOf(step.from);
  const internet =
    from === undefined || to === undefined || fromNet?.site !== siteOf(step.to)?.site;
  const natted = internet && fromNet?.kind === 'nat';
  // The NAT source: the site's virtual router where it has one (NEUTRON-ROUTER-SNAT).
  const hostIp =
    topology.sites.find((s) => s.name === fromNet?.site)?.routerIp ??
    topology.hosts.find((h) => h.name === from?.host)?.publicIp ??
    fromIp;
  const port = step.protocol === 'icmp' ? 0 : (step.port ?? 0);
  const members = new Map<string, Set<number>>();
  for (const i of topology.instances)
    for (const g of i.groups) members.set(g, (members.get(g) ?? new Set()).add(ipToInt(i.ip)));
  const side = (name: string, direction: Direction, peer: number) => {
    const rules = (instance(name)?.groups ?? [])
      .flatMap((g) => topology.groups.find((x) => x.name === g)?.rules ?? [])
      .map(compileRule)
      .filter((r) => r.direction === direction);
    const packet = { protocol: step.protocol, port, peer };
    const checked = rules.map((r) => ruleEdges(r, packet, members.get(r.group ?? '')));
    return { edges: checked.flatMap((c) => c.edges), admitted: checked.some((c) => c.admits) };
  };
  const found: string[] = [];
  let egressOk = true;
  if (from !== undefined) {
    const egress = side(step.from, 'egress', ipToInt(toIp));
    found.push(...egress.edges);
    egressOk = egress.admitted;
  }
  if (to !== undefined && egressOk)
    found.push(...side(step.to, 'ingress', ipToInt(natted ? hostIp : fromIp)).edges);
  return MATCH_EDGES.filter((f) => found.includes(f));
}
