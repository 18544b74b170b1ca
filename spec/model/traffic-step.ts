/**
 * Traffic steps: probe, open, send, close, spoof. Cheap by design: index lookups,
 * one admission decision, and a shallow copy of the flow table at most.
 */
import { describeTraffic } from '../describe/describe.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Step } from '../schema/scenario.ts';
import { decideNewFlow, type Decision } from './admission.ts';
import { withFlow, withoutFlow } from './flows.ts';
import { indexOf, type Endpoint, type TopologyIndex } from './topology-index.ts';
import type { Expectation, FlowState, ModelState, StepResult } from './types.ts';
import type { RequirementId } from '../requirements/index.ts';
import { ipToInt } from '../address/index.ts';
import { ownedAddresses } from './l2-step.ts';
import { migrated } from './host-step.ts';
import { flowEnds } from './ct-ends.ts';
import { sendOnEnds } from './end-send.ts';

/** Whether `profile` tracks conntrack per flow end (NEUTRON-CT-DELETE). */
const tracksEnds = (profile: Profile): boolean =>
  profile.onRuleRemoval === 'flush' && profile.ctDeleteScope === 'neutron';

type TrafficOp = Extract<Step, { op: 'probe' | 'open' | 'send' | 'close' | 'spoof' }>;
type NewFlowStep = Extract<Step, { op: 'probe' | 'open' }>;

function noop(state: ModelState, reason: string): StepResult {
  return { state, expectation: { kind: 'noop', reason } };
}

/** A traffic expectation; `seenFrom` only counts when the packet is delivered. */
export function traffic(
  delivered: boolean,
  seenFrom: string | null,
  requirements: readonly RequirementId[],
  reason: string,
): Expectation {
  return {
    kind: 'traffic',
    delivered,
    seenFrom: delivered ? seenFrom : null,
    requirements,
    reason,
  };
}

/** Endpoints of a new flow, or why the step is a no-op. */
function endpoints(index: TopologyIndex, step: NewFlowStep): [Endpoint, Endpoint] | string {
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from === undefined) return `no instance or external named ${step.from}`;
  if (to === undefined) return `no instance or external named ${step.to}`;
  if (from === to) return `${step.from} talking to itself does not cross the network`;
  if (step.protocol !== 'icmp' && step.port === undefined) return `${step.protocol} without a port`;
  return [from, to];
}

/** The expectation for the first message of a new flow. */
function newFlowExpectation(state: ModelState, step: NewFlowStep, decision: Decision): Expectation {
  const ids = [...decision.requirements];
  // CS-MIGRATE: an endpoint moved, its rules must have followed it.
  if (migrated(state, step.from) || migrated(state, step.to)) ids.push('CS-MIGRATE');
  // TCP needs the SYN-ACK back, ICMP the echo reply: both ride on CT-REPLY.
  if (decision.admitted && decision.filtered && step.protocol !== 'udp') ids.push('CT-REPLY');
  let reason = decision.reason;
  if (!decision.admitted)
    for (const key in state.flows) {
      const f = state.flows[key]!;
      if (f.established && f.from === step.to && f.to === step.from) {
        ids.push('CT-NO-REVERSE');
        reason += `; flow ${f.name} (${f.from} -> ${f.to}) does not admit this direction`;
        break;
      }
    }
  return traffic(decision.admitted, decision.seenFrom, ids, reason);
}

/**
 * A UDP datagram to a port nobody listens on: when admitted, the ICMP port-unreachable
 * that answers it is RELATED to its flow and reaches the sender whatever the rules
 * (CT-RELATED); when not, nothing comes back. The error's source is not compared.
 */
function closedPortExpectation(decision: Decision): Expectation {
  if (!decision.admitted) return traffic(false, null, decision.requirements, decision.reason);
  const ids: readonly RequirementId[] = decision.filtered
    ? [...decision.requirements, 'CT-RELATED']
    : decision.requirements;
  const reason = `${decision.reason}; nobody listens there, so the ICMP port-unreachable, RELATED to this flow, comes back whatever the rules`;
  return traffic(true, null, ids, reason);
}

function probeOrOpen(profile: Profile, state: ModelState, step: NewFlowStep): StepResult {
  if (step.op === 'open' && state.flows[step.flow] !== undefined)
    return noop(state, `flow ${step.flow} is already open`);
  const index = indexOf(state.topology);
  const ends = endpoints(index, step);
  if (typeof ends === 'string') return noop(state, ends);
  const closedPort = step.op === 'probe' && step.closedPort === true;
  if (closedPort && step.protocol !== 'udp')
    return noop(
      state,
      `closedPort applies to udp probes (ICMP port-unreachable), not ${step.protocol}`,
    );
  const port = step.protocol === 'icmp' ? null : (step.port ?? null);
  const decision = decideNewFlow(profile, index, ends[0], ends[1], step.protocol, port ?? 0);
  if (closedPort) return { state, expectation: closedPortExpectation(decision) };
  const expectation = newFlowExpectation(state, step, decision);
  if (step.op === 'probe') return { state, expectation };
  const flow: FlowState = {
    name: step.flow,
    from: step.from,
    to: step.to,
    protocol: step.protocol,
    port,
    established: decision.admitted,
    // TCP completes a handshake and ICMP gets its echo reply; a UDP datagram gets nothing back.
    replied: decision.admitted && step.protocol !== 'udp',
    seenFrom: decision.seenFrom,
    // NEUTRON-CT-DELETE: an entry per end, created by this first packet.
    ...(tracksEnds(profile) && decision.admitted
      ? {
          ends: flowEnds(ends[0], ends[1], { orig: 'forward', seenReply: step.protocol !== 'udp' }),
        }
      : {}),
  };
  return { state: { ...state, flows: withFlow(state.flows, flow) }, expectation };
}

function send(
  profile: Profile,
  state: ModelState,
  step: Extract<Step, { op: 'send' }>,
): StepResult {
  const flow = state.flows[step.flow];
  if (flow === undefined) return noop(state, `no open flow named ${step.flow}`);
  const what = `${flow.from} -> ${flow.to} ${describeTraffic(flow.protocol, flow.port)}`;
  const index = indexOf(state.topology);
  const from = index.endpoints.get(flow.from)!;
  const to = index.endpoints.get(flow.to)!;
  if (step.direction === 'reply' && flow.protocol === 'icmp')
    return noop(state, 'icmp echo replies come only with a forward echo');
  if (flow.stalled === true)
    return noop(
      state,
      `a segment of TCP flow ${step.flow} (${what}) was dropped: its retransmissions make later sends unpredictable`,
    );
  if (flow.ends !== undefined) return sendOnEnds(profile, state, flow, step.direction);
  if (step.direction === 'reply') {
    if (!flow.established)
      return noop(
        state,
        `flow ${step.flow} (${what}) was never admitted: there is nothing to reply to`,
      );
    // CT-REPLY: the reply's source is the address the opener talked to.
    return {
      state: flow.replied
        ? state
        : { ...state, flows: withFlow(state.flows, { ...flow, replied: true }) },
      expectation: traffic(
        true,
        to.ip,
        ['CT-REPLY'],
        `reply on admitted flow ${step.flow} (${what}) passes whatever the rules`,
      ),
    };
  }
  const now = decideNewFlow(profile, index, from, to, flow.protocol, flow.port ?? 0);
  if (flow.established && flow.replied) {
    // CT-ESTABLISHED; CT-KEEP-ON-REMOVE when the current rules would refuse it as new.
    const ids: RequirementId[] = now.admitted
      ? ['CT-ESTABLISHED']
      : ['CT-ESTABLISHED', 'CT-KEEP-ON-REMOVE'];
    const why = now.admitted ? '' : ` although a new one would be refused (${now.reason})`;
    return {
      state,
      expectation: traffic(
        true,
        flow.seenFrom,
        ids,
        `established flow ${step.flow} (${what}) passes${why}`,
      ),
    };
  }
  if (flow.protocol === 'tcp')
    return noop(state, `TCP flow ${step.flow} (${what}) was never established: nothing to send on`);
  if (flow.established) {
    // An unreplied UDP flow: conntrack keeps the entry (replies still pass) but calls the
    // next datagram new, so the current rules decide it.
    return {
      state,
      expectation: traffic(
        now.admitted,
        flow.seenFrom,
        now.requirements,
        `flow ${step.flow} (${what}) has had no reply yet, so conntrack treats this datagram as new: ${now.reason}`,
      ),
    };
  }
  // UDP/ICMP without a conntrack entry: this packet is a new flow again.
  const next = now.admitted
    ? {
        ...flow,
        established: true,
        seenFrom: now.seenFrom,
        cut: false,
        // NEUTRON-CT-DELETE: this packet creates the flow's entries (an echo is answered).
        ...(tracksEnds(profile)
          ? { ends: flowEnds(from, to, { orig: 'forward', seenReply: flow.protocol === 'icmp' }) }
          : {}),
      }
    : flow;
  const ids: RequirementId[] =
    now.admitted && now.filtered && flow.protocol === 'icmp'
      ? [...now.requirements, 'CT-REPLY']
      : [...now.requirements];
  // CT-FLUSH-ON-REMOVE: a removal deleted the entry this packet would have matched.
  if (flow.cut === true) ids.push('CT-FLUSH-ON-REMOVE');
  return {
    state: next === flow ? state : { ...state, flows: withFlow(state.flows, next) },
    expectation: traffic(
      now.admitted,
      now.seenFrom,
      ids,
      `flow ${step.flow} has no conntrack entry, evaluated as new: ${now.reason}`,
    ),
  };
}

function spoof(profile: Profile, state: ModelState, step: Extract<Step, { op: 'spoof' }>) {
  const index = indexOf(state.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from === undefined || to === undefined)
    return noop(state, `no endpoint named ${from === undefined ? step.from : step.to}`);
  if (from.kind !== 'instance')
    return noop(state, `${step.from} is an Internet host: anti-spoofing applies to instances`);
  if (from === to) return noop(state, `${step.from} talking to itself does not cross the network`);
  if (step.spoofedSource === from.ip)
    return noop(
      state,
      `${step.spoofedSource} is ${step.from}'s own address: not a spoof (use a probe)`,
    );
  if (ownedAddresses(state, step.from).includes(step.spoofedSource)) {
    // L2-SECONDARY-IP: a datagram from a secondary address is a new flow like any other.
    const source = { ...from, ip: step.spoofedSource, address: ipToInt(step.spoofedSource) };
    const d = decideNewFlow(profile, index, source, to, 'udp', step.port);
    return {
      state,
      expectation: traffic(
        d.admitted,
        d.seenFrom,
        ['L2-SECONDARY-IP', ...d.requirements],
        `${step.spoofedSource} is a secondary address of ${step.from}: ${d.reason}`,
      ),
    };
  }
  return {
    state,
    expectation: traffic(
      false,
      null,
      ['NET-ANTISPOOF'],
      `${step.from} does not own ${step.spoofedSource}: dropped at its port`,
    ),
  };
}

/** Applies one traffic step. */
export function trafficStep(profile: Profile, state: ModelState, step: TrafficOp): StepResult {
  switch (step.op) {
    case 'probe':
    case 'open':
      return probeOrOpen(profile, state, step);
    case 'send':
      return send(profile, state, step);
    case 'close':
      if (state.flows[step.flow] === undefined)
        return noop(state, `no open flow named ${step.flow}`);
      return {
        state: { ...state, flows: withoutFlow(state.flows, step.flow) },
        expectation: {
          kind: 'flow',
          requirements: [],
          reason: `flow ${step.flow} closed by its opener`,
        },
      };
    case 'spoof':
      return spoof(profile, state, step);
  }
}
