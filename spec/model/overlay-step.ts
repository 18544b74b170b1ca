/**
 * Overlay steps (danube, seed 003): an MTU probe, an eavesdropper on the links between
 * hosts, and unencrypted VXLAN packets forged in from, or leaked out to, the Internet.
 * Profiles without overlay promises treat them as no-ops.
 */
import type { Profile } from '../profiles/profile.ts';
import { DEFAULT_OVERLAY_MTU, type OverlayStep } from '../schema/scenario.ts';
import { decideNewFlow } from './admission.ts';
import { indexOf, type Endpoint } from './topology-index.ts';
import type { Expectation, ModelState, StepResult } from './types.ts';
import { traffic } from './traffic-step.ts';

/** The MTU of `network` (OV-MTU: default 1400). */
function mtuOf(state: ModelState, network: string | null): number {
  const n = state.topology.networks.find((x) => x.name === network);
  return n?.mtu ?? DEFAULT_OVERLAY_MTU;
}

function mtuProbe(
  state: ModelState,
  from: Endpoint,
  to: Endpoint,
  size: number,
  profile: Profile,
): Expectation {
  const d = decideNewFlow(profile, indexOf(state.topology), from, to, 'icmp', 0);
  if (!d.admitted) return traffic(false, null, d.requirements, d.reason);
  const mtu = mtuOf(state, from.network);
  if (size > mtu)
    return traffic(
      false,
      null,
      ['OV-MTU'],
      `${size} bytes with DF set exceed the overlay MTU ${mtu}: not sent, the sender is told`,
    );
  // Only delivery is compared: the echo's source is not what this step is about.
  return traffic(
    true,
    null,
    ['OV-MTU', ...d.requirements],
    `${size} bytes fit the overlay MTU ${mtu}; ${d.reason}`,
  );
}

function eavesdrop(from: Endpoint, to: Endpoint, link: 'internet' | 'admin'): Expectation | string {
  if (from.network !== to.network || from.networkKind !== 'overlay')
    return `${from.name} and ${to.name} share no overlay: nothing of theirs crosses a link`;
  if (from.host === to.host) return `both on host ${from.host}: nothing crosses a link`;
  const samePdc = from.pdc === to.pdc;
  if (link === 'admin')
    return samePdc
      ? traffic(
          true,
          null,
          ['OV-PDC-PATH'],
          `same PDC ${from.pdc}: over its admin network, in clear`,
        )
      : traffic(
          false,
          null,
          ['OV-PDC-PATH'],
          `PDC ${from.pdc} to PDC ${to.pdc}: over the Internet, not the admin network`,
        );
  return samePdc
    ? traffic(
        false,
        null,
        ['OV-PDC-PATH'],
        `same PDC ${from.pdc}: over its admin network, never the Internet`,
      )
    : traffic(
        false,
        null,
        ['OV-ENCRYPTED'],
        `PDC ${from.pdc} to PDC ${to.pdc}: inside IPsec, never in clear on the Internet`,
      );
}

/** The expectation of an overlay step. */
export function overlayStep(profile: Profile, state: ModelState, step: OverlayStep): StepResult {
  const result = (e: Expectation | string): StepResult => ({
    state,
    expectation: typeof e === 'string' ? { kind: 'noop', reason: e } : e,
  });
  if (!profile.networkKinds.includes('overlay'))
    return result(`${profile.name} has no overlays: ${step.op} is a no-op`);
  const index = indexOf(state.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  if (from === undefined) return result(`no instance or external named ${step.from}`);
  if (to === undefined) return result(`no instance or external named ${step.to}`);
  if (from === to) return result(`${step.from} talking to itself does not cross the network`);
  switch (step.op) {
    case 'mtuProbe':
      if (from.kind !== 'instance' || to.kind !== 'instance')
        return result('mtuProbe runs between instances');
      return result(mtuProbe(state, from, to, step.size, profile));
    case 'eavesdrop':
      if (from.kind !== 'instance' || to.kind !== 'instance')
        return result('eavesdrop watches traffic between instances');
      return result(eavesdrop(from, to, step.link));
    case 'forgeVxlan':
      if (from.kind !== 'external' || to.networkKind !== 'overlay')
        return result('forgeVxlan goes from an Internet host to an overlay instance');
      return result(
        traffic(
          false,
          null,
          ['OV-NO-PLAINTEXT-IN'],
          `an unencrypted VXLAN packet from ${step.from} is dropped on ${to.host}'s external interface`,
        ),
      );
    case 'leakVxlan':
      if (from.networkKind !== 'overlay' || to.kind !== 'external')
        return result("leakVxlan goes from an overlay instance's host to an Internet host");
      return result(
        traffic(
          false,
          null,
          ['OV-NO-PLAINTEXT-OUT'],
          `an unencrypted VXLAN packet of ${from.network} never leaves ${from.host}'s external interface`,
        ),
      );
  }
}
