/**
 * The address plan the dataplane routes (see the team brief): anything outside it
 * would either not be routed or leak toward real networks.
 */
import type { NetworkKind } from '../schema/scenario.ts';

export const addressPlan = {
  /** Pools of `public` networks. */
  public: '198.51.100.0/24',
  /** Pools of `nat`, `private` and `overlay` networks. */
  internal: '100.64.0.0/10',
  /** Compute-host public addresses (NAT source of `nat` instances). */
  hosts: '192.0.2.0/24',
  /** External (Internet) hosts. */
  externals: '203.0.113.0/24',
  /** First address handed out to hosts/externals that name none. */
  firstAllocatedHost: '192.0.2.11',
  firstAllocatedExternal: '203.0.113.11',
} as const;

/** The block a pool of `kind` must lie in. */
export function planFor(kind: NetworkKind): string {
  return kind === 'public' ? addressPlan.public : addressPlan.internal;
}
