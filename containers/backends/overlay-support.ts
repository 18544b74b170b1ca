/**
 * Danube overlays (VXLAN + IPsec, issue 14) need a dataplane of their own shape; a
 * backend that cannot build it says so before creating anything.
 */
import type { ResolvedTopology } from '../../spec/index.ts';
import type { DataplaneOptions } from '../../harness/dataplane/index.ts';

/** True when `topology` has an overlay network or `options` ask for overlay plumbing. */
export function wantsOverlays(topology: ResolvedTopology, options: DataplaneOptions): boolean {
  return (
    options.plumbing?.mode === 'overlay' || topology.networks.some((n) => n.kind === 'overlay')
  );
}

/** Throws a clear error naming what to do instead when `backend` cannot build overlays. */
export function refuseOverlays(
  backend: string,
  topology: ResolvedTopology,
  options: DataplaneOptions,
  instead: string,
): void {
  if (wantsOverlays(topology, options))
    throw new Error(
      `overlay networks (profile danube) are not available on the ${backend} backend yet: ${instead}`,
    );
}
