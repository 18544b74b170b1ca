/**
 * Turns scenario steps into dataplane actions, and picks the action that confirms
 * a disagreement (docs/architecture.md: confirm by re-probing before reporting).
 */
import type { Step } from '../../spec/index.ts';
import type { L2Probe, OverlayProbe, TrafficAction } from '../dataplane/index.ts';

/** The dataplane action for a traffic step, or null for configuration steps. */
export function toTrafficAction(step: Step): TrafficAction | null {
  switch (step.op) {
    case 'open':
      return {
        kind: 'open',
        flow: step.flow,
        from: step.from,
        to: step.to,
        protocol: step.protocol,
        port: step.protocol === 'icmp' ? null : (step.port ?? null),
      };
    case 'send':
      return { kind: 'send', flow: step.flow, direction: step.direction };
    case 'close':
      return { kind: 'close', flow: step.flow };
    case 'probe':
      return {
        kind: 'probe',
        from: step.from,
        to: step.to,
        protocol: step.protocol,
        port: step.protocol === 'icmp' ? null : (step.port ?? null),
        ...(step.closedPort === true ? { closedPort: true as const } : {}),
      };
    case 'spoof':
      return {
        kind: 'spoof',
        from: step.from,
        to: step.to,
        spoofedSource: step.spoofedSource,
        port: step.port,
      };
    case 'macSpoof':
      return l2(step, { what: 'macSpoof', port: step.port });
    case 'arpSpoof':
      return l2(step, {
        what: 'arpSpoof',
        claimed: step.claimed,
        gratuitous: step.gratuitous === true,
      });
    case 'broadcast':
      return l2(step, { what: 'broadcast', port: step.port, multicast: step.multicast === true });
    case 'rogueDhcp':
      return l2(step, { what: 'rogueDhcp' });
    case 'snoop':
      return l2(step, { what: 'snoop', port: step.port });
    case 'stray':
      return l2(step, { what: 'stray', segment: step.segment, port: step.port });
    case 'podQuery':
      return { kind: 'podQuery', from: step.from, service: step.service };
    case 'mtuProbe':
      return overlay(step, { what: 'mtu', size: step.size });
    case 'eavesdrop':
      return overlay(step, { what: 'eavesdrop', port: step.port, link: step.link });
    case 'forgeVxlan':
      return overlay(step, { what: 'forgeVxlan', port: step.port });
    case 'leakVxlan':
      return overlay(step, { what: 'leakVxlan' });
    default:
      return null;
  }
}

function overlay(step: { from: string; to: string }, probe: OverlayProbe): TrafficAction {
  return { kind: 'overlay', from: step.from, to: step.to, probe };
}

function l2(step: { from: string; to: string }, probe: L2Probe): TrafficAction {
  return { kind: 'l2', from: step.from, to: step.to, probe };
}

/**
 * The action that re-checks a disagreement on `action` without disturbing the
 * scenario: a probe or spoof is repeated; an open is re-checked with a fresh probe of
 * the same tuple (re-opening the named flow would change its state); a send is sent
 * again on the same flow. Null when nothing can confirm it (close).
 */
export function confirmationAction(action: TrafficAction): TrafficAction | null {
  switch (action.kind) {
    case 'probe':
    case 'spoof':
    case 'send':
    case 'l2':
    case 'podQuery':
    case 'overlay':
      return action;
    case 'open':
      return {
        kind: 'probe',
        from: action.from,
        to: action.to,
        protocol: action.protocol,
        port: action.port,
      };
    case 'close':
      return null;
  }
}
