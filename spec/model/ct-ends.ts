/**
 * Conntrack per flow end (NEUTRON-CT-DELETE, profiles with `ctDeleteScope: 'neutron'`).
 * A bridged neutron host keeps one entry per (host, network) zone a flow crosses; a
 * packet passes an end on that entry (ESTABLISHED, or its reply), or, where the entry is
 * gone or has not seen a reply, meets the chains of the ports at that end as a new flow
 * and, when admitted, creates an entry oriented its own way. Pure.
 */
import type { Profile } from '../profiles/profile.ts';
import type { RequirementId } from '../requirements/index.ts';
import type { TrafficProtocol } from '../schema/scenario.ts';
import { checkSide } from './rule-check.ts';
import type { Endpoint, TopologyIndex } from './topology-index.ts';
import type { CtEntryState, FlowEnd, FlowState } from './types.ts';

/** The way a packet goes on a flow: the opener's way, or back. */
export type Way = 'forward' | 'reply';

// A reply-direction packet judged as new goes to the opener's ephemeral port (Linux's
// default range): a rule admits it only if it covers both ends of the range.
export const EPHEMERAL = [32768, 60999] as const;

/** The zone of an instance endpoint (its host and network); null for externals. */
export const zoneOf = (e: Endpoint): string | null =>
  e.kind === 'instance' ? `${e.host ?? ''}/${e.network ?? ''}` : null;

/** The ends of a flow `from` -> `to`, opener's first, each with `entry`. */
export function flowEnds(from: Endpoint, to: Endpoint, entry: CtEntryState | null): FlowEnd[] {
  const ends: FlowEnd[] = [];
  for (const e of [from, to]) {
    const zone = zoneOf(e);
    if (zone === null) continue;
    const same = ends.find((x) => x.zone === zone);
    if (same === undefined) ends.push({ zone, ports: [e.name], entry });
    else ends[ends.indexOf(same)] = { ...same, ports: [...same.ports, e.name] };
  }
  return ends;
}

/** The flow with `ends`, its `cut` flag following them (CT-FLUSH-ON-REMOVE's relaxation reads it). */
export function withEnds(flow: FlowState, ends: readonly FlowEnd[]): FlowState {
  const cut = ends.some((e) => e.entry === null && e.lost?.kind === 'cut');
  return { ...flow, ends, cut };
}

/** One end's chains on a packet met as new: admitted or not, with the deciding IDs. */
export interface EndCheck {
  readonly ok: boolean;
  readonly requirements: readonly RequirementId[];
  readonly why: string;
}

/**
 * The chains at `end` judging a packet of `flow` going `way` as a new flow: the sender's
 * egress if it is at this end, the receiver's ingress if it is. Going back, the packet
 * is aimed at the opener's ephemeral port.
 */
export function judgeAtEnd(
  profile: Profile,
  index: TopologyIndex,
  end: FlowEnd,
  flow: FlowState,
  way: Way,
): EndCheck {
  const opener = index.endpoints.get(flow.from)!;
  const server = index.endpoints.get(flow.to)!;
  const [sender, receiver] = way === 'forward' ? [opener, server] : [server, opener];
  const ports = way === 'forward' ? [flow.port ?? 0] : [...EPHEMERAL];
  const requirements: RequirementId[] = [];
  const whys: string[] = [];
  const side = (who: Endpoint, direction: 'egress' | 'ingress', peer: Endpoint) => {
    for (const port of ports) {
      const c = checkSide(profile, index, who, direction, {
        protocol: flow.protocol as TrafficProtocol,
        port,
        peer: peer.address,
        peerIp: peer.ip,
      });
      requirements.push(...c.requirements);
      whys.push(c.why);
      if (!c.ok) return false;
    }
    return true;
  };
  let ok = true;
  if (end.ports.includes(sender.name)) ok = side(sender, 'egress', receiver);
  if (ok && end.ports.includes(receiver.name)) ok = side(receiver, 'ingress', sender);
  return { ok, requirements: unique(requirements), why: unique(whys).join('; ') };
}

/** What one packet did at the ends it crossed. */
export interface EndsPassage {
  readonly delivered: boolean;
  readonly ends: readonly FlowEnd[];
  /** The checks of the ends where the packet met the chains as new, in path order. */
  readonly judged: readonly EndCheck[];
  /** The deletions those ends had suffered (why the packet met the chains there). */
  readonly lost: readonly ('cut' | 'coarse')[];
}

/** Passes one packet of `flow` going `way` through its ends, in path order. */
export function passEnds(
  profile: Profile,
  index: TopologyIndex,
  flow: FlowState,
  way: Way,
): EndsPassage {
  const ends = [...(flow.ends ?? [])];
  const order = way === 'forward' ? ends.map((_, i) => i) : ends.map((_, i) => ends.length - 1 - i);
  const judged: EndCheck[] = [];
  const lost: ('cut' | 'coarse')[] = [];
  for (const i of order) {
    const end = ends[i]!;
    const entry = end.entry;
    if (entry !== null && (entry.orig !== way || entry.seenReply)) {
      // Conntrack knows the flow here: the entry's reply, or an established packet.
      if (entry.orig !== way && !entry.seenReply)
        ends[i] = { ...end, entry: { ...entry, seenReply: true } };
      continue;
    }
    // No entry, or one that has not seen a reply: conntrack calls the packet new.
    const check = judgeAtEnd(profile, index, end, flow, way);
    judged.push(check);
    if (entry === null && end.lost !== undefined) lost.push(end.lost.kind);
    if (!check.ok) return { delivered: false, ends, judged, lost };
    if (entry === null)
      ends[i] = { zone: end.zone, ports: end.ports, entry: { orig: way, seenReply: false } };
  }
  return { delivered: true, ends, judged, lost };
}

function unique<T>(xs: readonly T[]): T[] {
  return xs.filter((x, i) => xs.indexOf(x) === i);
}
