/**
 * New flows that touch an overlay network (danube, seed 003): an overlay is one L2
 * switch stretched over hosts and physical datacenters (OV-SWITCH), sealed from other
 * overlays and from the Internet (OV-ISOLATION). Seed 003 names no per-VM filtering,
 * so nothing else decides.
 */
import type { RequirementId } from '../requirements/index.ts';
import type { Decision } from './admission.ts';
import type { Endpoint } from './topology-index.ts';

/** True when either end sits on an overlay network. */
export function touchesOverlay(from: Endpoint, to: Endpoint): boolean {
  return from.networkKind === 'overlay' || to.networkKind === 'overlay';
}

/** The path an admitted overlay flow takes between its hosts (OV-PDC-PATH). */
export function overlayPathIds(from: Endpoint, to: Endpoint): RequirementId[] {
  if (from.host === to.host) return [];
  // Same PDC: the admin network, in clear; different PDCs: the Internet inside IPsec.
  return from.pdc === to.pdc ? ['OV-PDC-PATH'] : ['OV-PDC-PATH', 'OV-ENCRYPTED'];
}

function where(from: Endpoint, to: Endpoint): string {
  if (from.host === to.host) return `both on host ${from.host}`;
  return from.pdc === to.pdc
    ? `hosts ${from.host} and ${to.host} of PDC ${from.pdc}: over its admin network`
    : `PDC ${from.pdc} to PDC ${to.pdc}: over the Internet inside IPsec`;
}

/** Decides a new flow of which at least one end is on an overlay. */
export function decideOverlayFlow(from: Endpoint, to: Endpoint): Decision {
  const refuse = (reason: string): Decision => ({
    admitted: false,
    seenFrom: null,
    requirements: ['OV-ISOLATION'],
    reason,
    filtered: false,
  });
  if (from.kind === 'external' || to.kind === 'external')
    return refuse('an overlay is not routed to or from the Internet');
  if (from.network !== to.network)
    return refuse(
      from.networkKind === 'overlay' && to.networkKind === 'overlay'
        ? `overlays ${from.network} and ${to.network} are separate switches`
        : `${from.networkKind === 'overlay' ? from.network : to.network} is an overlay: nothing outside it reaches in`,
    );
  return {
    admitted: true,
    seenFrom: from.ip,
    requirements: ['OV-SWITCH', ...overlayPathIds(from, to)],
    reason: `one overlay (${from.network}), as on one switch; ${where(from, to)}`,
    filtered: false,
  };
}
