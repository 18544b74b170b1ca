/**
 * A query to the pod-local DHCP/DNS server (L2-DHCP-DNS): on a platform that promises
 * it, the server answers whatever the instance's groups. neutron promises the DHCP half
 * only (NEUTRON-DHCP-CLIENT: its DNS goes through the port's rules, not modelled here).
 * Elsewhere it is a no-op.
 */
import type { Profile } from '../profiles/profile.ts';
import type { RequirementId } from '../requirements/index.ts';
import type { Step } from '../schema/scenario.ts';
import { indexOf } from './topology-index.ts';
import type { ModelState, StepResult } from './types.ts';

/** What the query asks, for reasons. */
const ASKS = {
  dhcp: 'DHCP discover is answered with an offer of its own address',
  dns: 'DNS query is answered',
} as const;

/** The requirement that promises an answer to `service`, or null. */
function promiseOf(profile: Profile, service: 'dhcp' | 'dns'): RequirementId | null {
  if (profile.requirements.includes('L2-DHCP-DNS')) return 'L2-DHCP-DNS';
  // NEUTRON-DHCP-CLIENT: udp 68 -> 67 leaves before the rules; the server's offer comes
  // back through the ingress rule neutron's server adds to every port.
  if (service === 'dhcp' && profile.requirements.includes('NEUTRON-DHCP-CLIENT'))
    return 'NEUTRON-DHCP-CLIENT';
  return null;
}

/** The expectation of a `podQuery` step: always answered, or a no-op. */
export function podQueryStep(
  profile: Profile,
  state: ModelState,
  step: Extract<Step, { op: 'podQuery' }>,
): StepResult {
  const noop = (reason: string): StepResult => ({ state, expectation: { kind: 'noop', reason } });
  const promise = promiseOf(profile, step.service);
  if (promise === null)
    return noop(
      profile.requirements.includes('NEUTRON-DHCP-CLIENT')
        ? `${profile.name} promises DHCP only (NEUTRON-DHCP-CLIENT): DNS to its server goes through the port's rules`
        : `${profile.name} promises no pod-local DHCP/DNS server (L2-DHCP-DNS)`,
    );
  const from = indexOf(state.topology).endpoints.get(step.from);
  if (from?.kind !== 'instance') return noop(`no instance named ${step.from}`);
  return {
    state,
    expectation: {
      kind: 'traffic',
      delivered: true,
      seenFrom: null,
      // L2-DHCP-DNS, NEUTRON-DHCP-CLIENT: whatever the groups, the server of the segment answers.
      requirements: [promise],
      reason: `${step.from}'s ${ASKS[step.service]} by the pod-local server, whatever its groups`,
    },
  };
}
