/**
 * `send` on a flow tracked per end (NEUTRON-CT-DELETE, `ct-ends.ts`). What survives a
 * removal that deleted an entry at some end:
 *
 * - TCP: the next segment meets the chains at that end as new (picked up mid-stream,
 *   nf_conntrack_tcp_loose=1); admitted, it re-creates the entry its own way and the flow
 *   goes on both ways; dropped, the sender retransmits and the model says nothing more
 *   about the flow (its later sends are no-ops).
 * - UDP: the same for each datagram; an entry re-created by a forward datagram lets the
 *   next reply through, one created by a reply lets the next forward datagram through.
 * - ICMP: only echoes go forward; a re-admitted echo's reply rides on the new entry.
 *
 * A packet going back (the server's) is judged as a new flow from the server to the
 * opener's ephemeral port, by the chains of the end whose entry went. Pure.
 */
import { describeTraffic } from '../describe/describe.ts';
import type { Profile } from '../profiles/profile.ts';
import type { RequirementId } from '../requirements/index.ts';
import { decideNewFlow } from './admission.ts';
import { passEnds, withEnds, type Way } from './ct-ends.ts';
import { indexOf } from './topology-index.ts';
import type { Expectation, FlowState, ModelState, StepResult } from './types.ts';

function unique(ids: readonly RequirementId[]): RequirementId[] {
  return ids.filter((id, i) => ids.indexOf(id) === i);
}

/** A traffic expectation (same shape as traffic-step's). */
function traffic(
  delivered: boolean,
  seenFrom: string | null,
  requirements: readonly RequirementId[],
  reason: string,
): Expectation {
  const seen = delivered ? seenFrom : null;
  return { kind: 'traffic', delivered, seenFrom: seen, requirements, reason };
}

/** One `send` of `flow` going `way`, on a flow whose ends the model tracks. */
export function sendOnEnds(
  profile: Profile,
  state: ModelState,
  flow: FlowState,
  way: Way,
): StepResult {
  const index = indexOf(state.topology);
  const from = index.endpoints.get(flow.from)!;
  const to = index.endpoints.get(flow.to)!;
  const what = `${flow.from} -> ${flow.to} ${describeTraffic(flow.protocol, flow.port)}`;
  const passage = passEnds(profile, index, flow, way);
  const ends = passage.ends.map((end) =>
    // A delivered TCP segment is acknowledged and an ICMP echo answered: every end has now
    // seen both ways.
    passage.delivered && flow.protocol !== 'udp' && end.entry !== null
      ? { zone: end.zone, ports: end.ports, entry: { ...end.entry, seenReply: true } }
      : end,
  );
  let next = withEnds(flow, ends);
  if (passage.delivered && way === 'reply') next = { ...next, replied: true };
  if (!passage.delivered && flow.protocol === 'tcp') next = { ...next, stalled: true };
  const seenFrom = way === 'forward' ? flow.seenFrom : to.ip;
  const ids: RequirementId[] = [];
  let reason: string;
  if (passage.judged.length === 0) {
    ids.push(way === 'forward' ? 'CT-ESTABLISHED' : 'CT-REPLY');
    reason = `${way === 'forward' ? 'established flow' : 'reply on admitted flow'} ${flow.name} (${what}) passes on its conntrack entries whatever the rules`;
    const now = decideNewFlow(profile, index, from, to, flow.protocol, flow.port ?? 0);
    // An entry a reply re-created is oriented the other way: a later deletion by the
    // port's address as destination (ingress) misses it.
    if (way === 'forward' && !now.admitted) {
      ids.push('NEUTRON-CT-DELETE');
      reason += `, although a new one would be refused (${now.reason})`;
    }
  } else {
    if (way === 'forward') {
      const now = decideNewFlow(profile, index, from, to, flow.protocol, flow.port ?? 0);
      if (now.admitted === passage.delivered) ids.push(...now.requirements);
    } else if (passage.delivered && passage.judged.length < (flow.ends?.length ?? 0))
      ids.push('CT-REPLY');
    for (const check of passage.judged) ids.push(...check.requirements);
    // CT-FLUSH-ON-REMOVE: a removal cut an entry the rules no longer admitted;
    // NEUTRON-CT-DELETE: its scope took one they still admitted.
    if (passage.lost.includes('cut')) ids.push('CT-FLUSH-ON-REMOVE');
    if (passage.lost.includes('coarse')) ids.push('NEUTRON-CT-DELETE');
    const missing =
      passage.lost.length > 0
        ? 'lost its conntrack entry at an end'
        : 'has an entry that has seen no reply yet';
    const as =
      way === 'forward'
        ? 'a new flow'
        : `a new flow from ${flow.to} to ${flow.from}'s ephemeral port`;
    reason = `flow ${flow.name} (${what}) ${missing}, so this ${way} packet meets the chains there as ${as}: ${passage.judged.map((c) => c.why).join('; ')}`;
  }
  return {
    state: { ...state, flows: { ...state.flows, [flow.name]: next } },
    expectation: traffic(passage.delivered, seenFrom, unique(ids), reason),
  };
}
