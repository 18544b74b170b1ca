/**
 * A query to the pod-local DHCP/DNS server (L2-DHCP-DNS): on a platform that promises
 * it, the server answers whatever the instance's groups; elsewhere it is a no-op.
 */
import type { Profile } from '../profiles/profile.ts';
import type { Step } from '../schema/scenario.ts';
import { indexOf } from './topology-index.ts';
import type { ModelState, StepResult } from './types.ts';

/** What the query asks, for reasons. */
const ASKS = {
  dhcp: 'DHCP discover is answered with an offer of its own address',
  dns: 'DNS query is answered',
} as const;

/** The expectation of a `podQuery` step: always answered, or a no-op. */
export function podQueryStep(
  profile: Profile,
  state: ModelState,
  step: Extract<Step, { op: 'podQuery' }>,
): StepResult {
  const noop = (reason: string): StepResult => ({ state, expectation: { kind: 'noop', reason } });
  if (!profile.requirements.includes('L2-DHCP-DNS'))
    return noop(`${profile.name} promises no pod-local DHCP/DNS server (L2-DHCP-DNS)`);
  const from = indexOf(state.topology).endpoints.get(step.from);
  if (from?.kind !== 'instance') return noop(`no instance named ${step.from}`);
  return {
    state,
    expectation: {
      kind: 'traffic',
      delivered: true,
      seenFrom: null,
      // L2-DHCP-DNS: whatever the groups, the server of the segment answers.
      requirements: ['L2-DHCP-DNS'],
      reason: `${step.from}'s ${ASKS[step.service]} by the pod-local server, whatever its groups`,
    },
  };
}
