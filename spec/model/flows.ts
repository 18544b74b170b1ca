/** Flow bookkeeping shared by traffic and configuration steps. */
import type { Profile } from '../profiles/profile.ts';
import { decideNewFlow } from './admission.ts';
import { indexOf } from './topology-index.ts';
import type { FlowState, ModelState, ResolvedTopology } from './types.ts';

/** `flows` with `flow` added or replaced (a shallow copy: flows are few). */
export function withFlow(flows: ModelState['flows'], flow: FlowState): ModelState['flows'] {
  return { ...flows, [flow.name]: flow };
}

/** `flows` without `name`. */
export function withoutFlow(flows: ModelState['flows'], name: string): ModelState['flows'] {
  const next: Record<string, FlowState> = {};
  for (const key in flows) if (key !== name) next[key] = flows[key]!;
  return next;
}

/**
 * CT-FLUSH-ON-REMOVE (profiles with `onRuleRemoval: 'flush'`): established flows the
 * new rules would not admit lose their conntrack entry.
 */
export function refreshFlows(
  profile: Profile,
  topology: ResolvedTopology,
  flows: ModelState['flows'],
): ModelState['flows'] {
  const index = indexOf(topology);
  const next: Record<string, FlowState> = {};
  for (const key in flows) {
    const flow = flows[key]!;
    const from = index.endpoints.get(flow.from);
    const to = index.endpoints.get(flow.to);
    const keep =
      !flow.established ||
      from === undefined ||
      to === undefined ||
      decideNewFlow(profile, index, from, to, flow.protocol, flow.port ?? 0).admitted;
    next[key] = keep
      ? flow
      : { ...flow, established: false, replied: false, seenFrom: null, cut: true };
  }
  return next;
}
