/**
 * One relaxation per requirement: the model's prediction for a traffic step on a
 * platform that breaks that requirement and keeps every other one. A requirement
 * whose relaxation predicts what the dataplane observed is one the observation can
 * blame; the others only took part in the expectation. Pure.
 */
import type { Profile } from '../profiles/profile.ts';
import type { Direction } from '../schema/scenario.ts';
import { checkSide } from './rule-check.ts';
import {
  BLOCKED,
  decide,
  decideRewritten,
  isReply,
  tupleOf,
  type FlowTuple,
  type Prediction,
  type RelaxContext,
} from './relax-context.ts';
import { mapRules, openGroupless, openSide, withMembers } from './relaxed-index.ts';
import { fieldVariants, SIDE_VARIANTS } from './sg-match-variants.ts';
import { indexOf, type Endpoint, type TopologyIndex } from './topology-index.ts';
import type { RequirementId } from '../requirements/index.ts';
import { migrated } from './host-step.ts';
import { broadcastSides } from './l2-step.ts';
import { overlayRelaxations } from './overlay-relaxations.ts';
import { withEnds } from './ct-ends.ts';
import { trafficStep } from './traffic-step.ts';

/** The predictions of the model with one requirement relaxed in one way. */
export type Predict = (ctx: RelaxContext) => readonly Prediction[];

/**
 * How much of the model a way of breaking a requirement changes, narrowest first: one
 * situation (a network kind, NAT, remote groups, removal, instances in no group), then
 * the conntrack mechanism or one field of one rule, then every rule of a side.
 * Conntrack and rule fields share a tier on purpose: a blocked TCP open cannot tell a
 * dropped SYN (a rule misread) from a dropped SYN-ACK (replies not tracked), so only
 * other observations (follow-up probes, `follow-up.ts`) may pick one; until they do the
 * blame stays undetermined rather than guessed.
 */
export const TIERS = { situation: 1, conntrack: 2, ruleField: 2, wholeSide: 3 } as const;

/** One way of breaking a requirement, with its tier. */
export interface Relaxation {
  readonly tier: (typeof TIERS)[keyof typeof TIERS];
  /** Every prediction of this way of breaking it (of all its variants together). */
  readonly predict: Predict;
  /**
   * When the way has variants that are different defects (one rule field each), their
   * predictions apart, in an order that stays the same for later steps of the same
   * scenario: one defect must explain every observation, not each a different one.
   */
  readonly variants?: (ctx: RelaxContext) => readonly (readonly Prediction[])[];
}

/** A relaxation made of `variants`, each a defect of its own. */
const ofVariants = (
  tier: Relaxation['tier'],
  variants: (ctx: RelaxContext) => readonly (readonly Prediction[])[],
): Relaxation => ({ tier, variants, predict: (ctx) => variants(ctx).flat() });

const situation = (predict: Predict): readonly Relaxation[] => [{ tier: TIERS.situation, predict }];

// Replies arrive at the opener's ephemeral port (Linux's default range): a rule admits
// them only if it covers both ends of the range.
const EPHEMERAL = [32768, 60999] as const;

/** Whether the rules of both ends admit `replier` -> `opener` as if it were a new flow. */
function rulesAdmitReply(
  profile: Profile,
  index: TopologyIndex,
  replier: Endpoint,
  opener: Endpoint,
  protocol: FlowTuple['protocol'],
): boolean {
  // One side of the reply: an end that is not an instance filters nothing.
  const sideAdmits = (end: Endpoint, direction: Direction, peer: Endpoint, port: number) =>
    end.kind !== 'instance' ||
    checkSide(profile, index, end, direction, {
      protocol,
      port,
      peer: peer.address,
      peerIp: peer.ip,
    }).ok;
  return EPHEMERAL.every(
    (port) =>
      sideAdmits(replier, 'egress', opener, port) && sideAdmits(opener, 'ingress', replier, port),
  );
}

/**
 * Whether the step's outcome rides on a reply: a `send reply`, a TCP open (its
 * SYN-ACK) or an ICMP echo (its echo reply). A UDP datagram or a TCP segment on an
 * established flow arrives without anything coming back.
 */
function needsReply(ctx: RelaxContext, protocol: FlowTuple['protocol']): boolean {
  if (isReply(ctx)) return true;
  if (ctx.step.op === 'probe' && ctx.step.closedPort === true) return false;
  if (protocol === 'icmp') return true;
  return protocol === 'tcp' && ctx.step.op !== 'send';
}

/** CT-REPLY relaxed: replies (a TCP SYN-ACK, an ICMP echo reply) meet the rules like new flows. */
const ctReply: Predict = (ctx) => {
  const tuple = tupleOf(ctx);
  if (tuple === null || !needsReply(ctx, tuple.protocol)) return [];
  const index = indexOf(ctx.before.topology);
  // Where the rules admit the reply anyway, nothing changes: the relaxation explains nothing.
  return rulesAdmitReply(ctx.profile, index, tuple.to, tuple.from, tuple.protocol) ? [] : [BLOCKED];
};

/** CT-ESTABLISHED / CT-KEEP-ON-REMOVE relaxed: packets of an established flow meet the current rules. */
const rejudged: Predict = (ctx) => {
  const tuple = tupleOf(ctx);
  if (tuple === null || isReply(ctx)) return [];
  return decide(ctx, tuple, indexOf(ctx.before.topology)).delivered ? [] : [BLOCKED];
};

/** CT-FLUSH-ON-REMOVE relaxed: a flow whose entry a removal deleted still passes. */
const survived: Predict = (ctx) => {
  if (ctx.step.op !== 'send' || ctx.expectation.delivered) return [];
  const flow = ctx.before.flows[ctx.step.flow];
  return flow?.cut === true ? [{ delivered: true, seenFrom: null }] : [];
};

/**
 * NEUTRON-CT-DELETE relaxed: the finer scope, deleting only entries of flows the rules no
 * longer admit (CT-FLUSH-ON-REMOVE alone): the step on a state where the flow's ends that
 * lost an entry still admitted keep it.
 */
const finerScope: Predict = (ctx) => {
  if (ctx.step.op !== 'send') return [];
  const flow = ctx.before.flows[ctx.step.flow];
  if (flow?.ends?.some((e) => e.entry === null && e.lost?.kind === 'coarse') !== true) return [];
  const ends = flow.ends.map((e) =>
    e.entry === null && e.lost?.kind === 'coarse'
      ? { zone: e.zone, ports: e.ports, entry: e.lost.entry }
      : e,
  );
  const before = {
    ...ctx.before,
    flows: { ...ctx.before.flows, [flow.name]: withEnds(flow, ends) },
  };
  const { expectation } = trafficStep(ctx.profile, before, ctx.step);
  if (expectation.kind !== 'traffic') return [];
  return [expectation.delivered ? { delivered: true, seenFrom: expectation.seenFrom } : BLOCKED];
};

/** A flow leaving through a NAT that is missing or wrong: the receiver sees another address. */
const natOut: Predict = (ctx) => {
  const tuple = tupleOf(ctx);
  if (tuple === null || !ctx.expectation.delivered || ctx.expectation.seenFrom === null) return [];
  const other: Prediction = { delivered: true, seenFrom: null, notFrom: ctx.expectation.seenFrom };
  // TCP and ICMP need the reply, which goes to an address the Internet does not route to
  // this host; an instance at the other end filters the address it does not expect.
  if (tuple.protocol !== 'udp') return [BLOCKED];
  return tuple.to.kind === 'instance' ? [other, BLOCKED] : [other];
};

/** `decide` with the step's endpoints rewritten. */
function withEndpoints(ctx: RelaxContext, f: (t: FlowTuple) => FlowTuple): Prediction[] {
  const tuple = tupleOf(ctx);
  if (tuple === null || isReply(ctx)) return [];
  return [decide(ctx, f(tuple), indexOf(ctx.before.topology))];
}

/** Masqueraded where no NAT is promised: the receiver sees the source's host address. */
const masqueraded: Predict = (ctx) => {
  const tuple = tupleOf(ctx);
  if (tuple === null || isReply(ctx) || !ctx.expectation.delivered) return [];
  if (tuple.from.kind !== 'instance') return [];
  return [{ delivered: true, seenFrom: tuple.from.hostPublicIp }];
};

/** An L2 frame the platform should drop arrives. */
const l2Leak =
  (op: string): Predict =>
  (ctx) =>
    ctx.step.op === op ? [{ delivered: true, seenFrom: null }] : [];

/** NEUTRON-BROADCAST relaxed as a BUM drop: a datagram expected through is dropped. */
const broadcastDropped: Predict = (ctx) =>
  ctx.step.op === 'broadcast' && ctx.expectation.delivered ? [BLOCKED] : [];

/**
 * NEUTRON-BROADCAST relaxed as receivers' rules skipped: a datagram the receiver's rules
 * refused, once its sender's admitted it, arrives.
 */
const broadcastUnfiltered: Predict = (ctx) => {
  const step = ctx.step;
  if (step.op !== 'broadcast' || ctx.expectation.delivered) return [];
  const index = indexOf(ctx.before.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from?.kind !== 'instance' || to?.kind !== 'instance') return [];
  const { ingress } = broadcastSides(ctx.profile, index, from, to, step);
  return ingress !== null && !ingress.ok ? [{ delivered: true, seenFrom: null }] : [];
};

/** Rules that stayed behind: a migrated instance is unfiltered, or cut off, on its new host. */
const migratedUnfiltered: Predict = (ctx) => {
  const tuple = tupleOf(ctx);
  if (tuple === null) return [];
  return migrated(ctx.before, tuple.from.name) || migrated(ctx.before, tuple.to.name)
    ? [BLOCKED, { delivered: true, seenFrom: null }]
    : [];
};

/** Every requirement the model can relax, each with its ways of breaking it. */
export const relaxations: Readonly<Partial<Record<RequirementId, readonly Relaxation[]>>> = {
  ...overlayRelaxations,
  'CT-REPLY': [{ tier: TIERS.conntrack, predict: ctReply }],
  'CT-ESTABLISHED': [{ tier: TIERS.conntrack, predict: rejudged }],
  // CT-RELATED relaxed: the ICMP error about an admitted flow is dropped like a new flow.
  'CT-RELATED': [
    {
      tier: TIERS.conntrack,
      predict: (ctx) =>
        ctx.step.op === 'probe' && ctx.step.closedPort === true && ctx.expectation.delivered
          ? [BLOCKED]
          : [],
    },
  ],
  // CT-KEEP-ON-REMOVE relaxed: removing a rule cuts the flows it admitted.
  'CT-KEEP-ON-REMOVE': situation(rejudged),
  // CT-FLUSH-ON-REMOVE relaxed: the removal left the flow's entry, so the packet passes.
  'CT-FLUSH-ON-REMOVE': situation(survived),
  'NEUTRON-CT-DELETE': situation(finerScope),
  // CT-NO-REVERSE relaxed: the reverse flow's conntrack entry admits this direction too.
  'CT-NO-REVERSE': situation(() => [{ delivered: true, seenFrom: null }]),
  // NET-ANTISPOOF relaxed: the spoofed packet leaves the port.
  'NET-ANTISPOOF': situation((ctx) =>
    ctx.step.op === 'spoof' ? [{ delivered: true, seenFrom: null }] : [],
  ),
  // L2 promises relaxed: the frame reaches the neighbour.
  'L2-MAC-SPOOF': situation(l2Leak('macSpoof')),
  'L2-ARP-SPOOF': situation(l2Leak('arpSpoof')),
  'L2-BUM-DROP': situation(l2Leak('broadcast')),
  'L2-NO-ROGUE-DHCP': situation(l2Leak('rogueDhcp')),
  'L2-NO-SNOOP': situation(l2Leak('snoop')),
  // NEUTRON-IP-MAC-PAIR relaxed: a frame from a foreign MAC passes the pair chain.
  'NEUTRON-IP-MAC-PAIR': situation(l2Leak('macSpoof')),
  // NEUTRON-BROADCAST relaxed, two defects apart: broadcast is dropped (cloudstack's BUM
  // drop), or its copies skip the receiver's rules (ingress picked by destination address).
  'NEUTRON-BROADCAST': [
    { tier: TIERS.situation, predict: broadcastDropped },
    { tier: TIERS.situation, predict: broadcastUnfiltered },
  ],
  // NEUTRON-INVALID relaxed: a segment of no connection passes although no rule matches it.
  'NEUTRON-INVALID': situation((ctx) =>
    ctx.step.op === 'stray' && !ctx.expectation.delivered
      ? [{ delivered: true, seenFrom: null }]
      : [],
  ),
  // L2-DHCP-DNS relaxed: the query to the pod-local server goes unanswered.
  'L2-DHCP-DNS': situation((ctx) => (ctx.step.op === 'podQuery' ? [BLOCKED] : [])),
  'NEUTRON-DHCP-CLIENT': situation((ctx) => (ctx.step.op === 'podQuery' ? [BLOCKED] : [])),
  // L2-SECONDARY-IP relaxed: a secondary address is treated as spoofed.
  'L2-SECONDARY-IP': situation((ctx) => (ctx.step.op === 'spoof' ? [BLOCKED] : [])),
  // CS-MIGRATE relaxed: the rules did not follow the instance.
  'CS-MIGRATE': situation(migratedUnfiltered),
  // NET-NAT-OUT relaxed: nat instances leave unmasqueraded or masqueraded wrongly.
  'NET-NAT-OUT': situation(natOut),
  // NEUTRON-ROUTER-SNAT relaxed: NATed elsewhere (the compute host) or not at all.
  'NEUTRON-ROUTER-SNAT': situation(natOut),
  // NET-PUBLIC relaxed: a public instance is masqueraded on its way out.
  'NET-PUBLIC': situation((ctx) =>
    tupleOf(ctx)?.from.networkKind === 'public' ? masqueraded(ctx) : [],
  ),
  // NET-INTERNAL-NO-NAT relaxed: traffic between instances is masqueraded.
  'NET-INTERNAL-NO-NAT': situation(masqueraded),
  // NET-PRIVATE relaxed: a private pool is treated like a nat pool.
  'NET-PRIVATE': situation((ctx) =>
    withEndpoints(ctx, (t) => ({
      ...t,
      from: t.from.networkKind === 'private' ? { ...t.from, networkKind: 'nat' } : t.from,
      to: t.to.networkKind === 'private' ? { ...t.to, networkKind: 'nat' } : t.to,
    })),
  ),
  // NET-NAT-IN relaxed: a nat pool is routed inbound like a public one.
  'NET-NAT-IN': situation((ctx) =>
    withEndpoints(ctx, (t) => ({
      ...t,
      to: t.to.networkKind === 'nat' ? { ...t.to, networkKind: 'public' } : t.to,
    })),
  ),
  // NET-SITES relaxed: instances of two sites meet directly, as if in one site.
  'NET-SITES': situation((ctx) =>
    withEndpoints(ctx, (t) => ({ ...t, to: { ...t.to, site: t.from.site } })),
  ),
  // NET-ONE-DOMAIN relaxed: the networks of a site do not reach each other.
  'NET-ONE-DOMAIN': [
    { tier: TIERS.wholeSide, predict: (ctx) => (ctx.expectation.delivered ? [BLOCKED] : []) },
  ],
  // SG-NONE relaxed: an instance in no group is not filtered.
  'SG-NONE': situation((ctx) => decideRewritten(ctx, openGroupless)),
  // SG-BOTH-ENDS relaxed: one end's allow is enough (either end).
  'SG-BOTH-ENDS': [
    ofVariants(TIERS.wholeSide, (ctx) => [
      decideRewritten(ctx, (i) => openSide(i, 'ingress')),
      decideRewritten(ctx, (i) => openSide(i, 'egress')),
    ]),
  ],
  // SG-MATCH relaxed: one field of a rule misread, or a whole side's rules misapplied.
  'SG-MATCH': [
    ofVariants(TIERS.ruleField, (ctx) =>
      fieldVariants(ctx.history).map((v) => decideRewritten(ctx, v)),
    ),
    ofVariants(TIERS.wholeSide, (ctx) => [
      ...SIDE_VARIANTS.map((v) => decideRewritten(ctx, v)),
      // A side left unfiltered (a stray accept or RETURN in its chain). Where both ends
      // filter, one end's rules not applied is SG-BOTH-ENDS relaxed (the same rewrite,
      // blamed there); with a single filtering end (the Internet, another site) it is
      // the match itself that failed. Empty (the step left alone) keeps the variants'
      // order the same at every step of a scenario.
      ...(['ingress', 'egress'] as const).map((side) =>
        ctx.expectation.requirements.includes('SG-BOTH-ENDS')
          ? []
          : decideRewritten(ctx, (i) => openSide(i, side)),
      ),
    ]),
  ],
  // SG-REMOTE-GROUP relaxed: remote groups resolved with stale (earlier) members, or none.
  'SG-REMOTE-GROUP': [
    ofVariants(TIERS.situation, (ctx) => [
      decideRewritten(ctx, (i) => withMembers(i, new Map())),
      ...ctx.history.map((s) =>
        decideRewritten(ctx, (i) => withMembers(i, indexOf(s.topology).members)),
      ),
    ]),
  ],
  // CS-DEFAULT-GROUP relaxed: the account's default group lets traffic in.
  'CS-DEFAULT-GROUP': situation((ctx) => decideRewritten(ctx, (i) => openSide(i, 'ingress'))),
  // CS-EGRESS-OPEN relaxed: egress is closed even without egress rules.
  'CS-EGRESS-OPEN': situation((ctx) => {
    const tuple = tupleOf(ctx);
    if (tuple === null || isReply(ctx)) return [];
    const closed = { ...ctx.profile, egressWithoutEgressRules: 'deny' as const };
    return [decide(ctx, tuple, indexOf(ctx.before.topology), closed)];
  }),
  // CS-CROSS-ACCOUNT relaxed: a rule naming another account's group matches nobody.
  'CS-CROSS-ACCOUNT': situation((ctx) =>
    decideRewritten(ctx, (i) =>
      mapRules(i, (r, g) =>
        r.group !== null && i.groups.get(r.group)?.account !== g.account ? [] : [r],
      ),
    ),
  ),
};
