/**
 * A TCP segment of no connection conntrack knows (NEUTRON-INVALID). neutron's port
 * chains read: RELATED,ESTABLISHED RETURN, the rules' RETURNs, `--state INVALID -j DROP`,
 * the fallback DROP. Such a segment is never ESTABLISHED, so the rules judge it as if it
 * opened a new flow: a FIN+ACK (INVALID: conntrack starts no connection with it) passes
 * when they match it, as a bare ACK does (not INVALID: nf_conntrack_tcp_loose=1 picks it
 * up as a new connection); when no rule matches, the INVALID DROP or the fallback takes it.
 */
import type { Profile } from '../profiles/profile.ts';
import type { StrayStep } from '../schema/scenario.ts';
import { decideNewFlow } from './admission.ts';
import { indexOf } from './topology-index.ts';
import type { ModelState, StepResult } from './types.ts';

/** What conntrack makes of each crafted segment, for reasons. */
const CONNTRACK = {
  fin: 'a FIN+ACK of no known connection is INVALID to conntrack',
  ack: 'a bare ACK of no known connection is picked up as a new connection (nf_conntrack_tcp_loose=1)',
} as const;

/** The expectation of a `stray` step on a profile that promises NEUTRON-INVALID, else a no-op. */
export function strayStep(profile: Profile, state: ModelState, step: StrayStep): StepResult {
  const noop = (reason: string): StepResult => ({ state, expectation: { kind: 'noop', reason } });
  if (!profile.requirements.includes('NEUTRON-INVALID'))
    return noop(
      `${profile.name} says nothing of segments conntrack does not know (NEUTRON-INVALID)`,
    );
  const index = indexOf(state.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from?.kind !== 'instance') return noop(`no instance named ${step.from}`);
  if (to?.kind !== 'instance') return noop(`no instance named ${step.to}`);
  if (from === to) return noop(`${step.from} sending to itself does not cross its port`);
  if (from.network !== to.network || from.site !== to.site)
    return noop(`${step.from} and ${step.to} are not on one L2 segment`);
  // NEUTRON-INVALID: never ESTABLISHED, so the rules decide as for a new flow.
  const d = decideNewFlow(profile, index, from, to, 'tcp', step.port);
  const verdict = d.admitted
    ? 'the rules match it before the INVALID drop'
    : `no rule matches it, so ${step.segment === 'fin' ? 'the INVALID drop' : 'the fallback drop'} takes it`;
  return {
    state,
    expectation: {
      kind: 'traffic',
      delivered: d.admitted,
      seenFrom: null,
      requirements: [...d.requirements, 'NEUTRON-INVALID'],
      reason: `${CONNTRACK[step.segment]}; ${verdict}: ${d.reason}`,
    },
  };
}
