/**
 * Follow-up probes that separate the candidates one observation cannot: appended
 * after a disagreeing new-flow step, they give the relaxed models different answers.
 * - a closed-port probe's datagram again, to a port that answers: a rule misread
 *   blocks it too, a dropped RELATED error (CT-RELATED) does not;
 * - a UDP twin of the flow, admitted by fresh rules on both ends: nothing comes back
 *   for UDP, so conntrack cannot stop it, while swapped directions or a misread port
 *   bound still do;
 * - the flow again after rules admit its reply as a new flow: a dataplane that drops
 *   replies (CT-REPLY) now delivers it, one that drops the first packet does not.
 * Pure: the harness runs the extended scenario and passes what the probes showed to
 * `blameStep` as evidence.
 */
import type { Rule, Step, TrafficProtocol } from '../schema/scenario.ts';
import { relaxContext } from './blame.ts';
import { tupleOf } from './relax-context.ts';
import { indexOf, type Endpoint, type TopologyIndex } from './topology-index.ts';
import type { ResolvedScenario } from './types.ts';

/** A scenario extended with follow-up probes, and where those probes are. */
export interface FollowUp {
  readonly scenario: ResolvedScenario;
  readonly probes: readonly number[];
}

/** A port for the UDP twin of an ICMP flow (traceroute's first port). */
const TWIN_PORT_FOR_ICMP = 33434;

/** `rule` added to the first group of `end`, or nothing (external, or in no group). */
function addTo(index: TopologyIndex, end: Endpoint, rule: Rule): Step[] {
  const group = index.instanceGroups.get(end.name)?.[0];
  return end.kind === 'instance' && group !== undefined ? [{ op: 'addRule', group, rule }] : [];
}

const host = (ip: string): { cidr: string } => ({ cidr: `${ip}/32` });

/**
 * The follow-up of step `index` of `scenario` (a probe or open), or null when the step
 * starts no new flow.
 */
export function followUp(scenario: ResolvedScenario, index: number): FollowUp | null {
  const ctx = relaxContext(scenario, index);
  const step = scenario.steps[index];
  if (ctx === null || step === undefined || (step.op !== 'probe' && step.op !== 'open'))
    return null;
  const tuple = tupleOf(ctx);
  if (tuple === null) return null;
  const { from, to, protocol, port } = tuple;
  const topology = indexOf(ctx.before.topology);
  // The opener's address as the replier sees it (its host's, when masqueraded).
  const seen = ctx.expectation.seenFrom ?? from.ip;
  const probe = (p: TrafficProtocol, at: number | null): Step => ({
    op: 'probe',
    from: from.name,
    to: to.name,
    protocol: p,
    ...(at === null ? {} : { port: at }),
  });
  const added: Step[] = [];
  const probes: number[] = [];
  const base = index + 1;
  const push = (...steps: Step[]) => {
    added.push(...steps);
    probes.push(base + added.length - 1);
  };

  if (step.op === 'probe' && step.closedPort === true) push(probe('udp', port));
  const twin = protocol === 'icmp' ? TWIN_PORT_FOR_ICMP : port;
  const ports = String(twin);
  added.push(
    ...addTo(topology, from, { direction: 'egress', protocol: 'udp', ports, remote: host(to.ip) }),
    ...addTo(topology, to, { direction: 'ingress', protocol: 'udp', ports, remote: host(seen) }),
  );
  push(probe('udp', twin));
  if (protocol !== 'udp') {
    added.push(
      ...addTo(topology, to, { direction: 'egress', protocol, remote: host(seen) }),
      ...addTo(topology, from, { direction: 'ingress', protocol, remote: host(to.ip) }),
    );
    push(probe(protocol, protocol === 'icmp' ? null : port));
  }
  return {
    scenario: { ...scenario, steps: [...scenario.steps.slice(0, base), ...added] },
    probes,
  };
}
