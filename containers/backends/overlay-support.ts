/**
 * Danube overlays (VXLAN + IPsec, issue 14) need a dataplane of their own shape
 * (`netns/overlay-plan.ts`), which both backends build.
 */
import type { ResolvedTopology } from '../../spec/index.ts';
import type { DataplaneOptions } from '../../harness/dataplane/index.ts';

/** True when `topology` has an overlay network or `options` ask for overlay plumbing. */
export function wantsOverlays(topology: ResolvedTopology, options: DataplaneOptions): boolean {
  return (
    options.plumbing?.mode === 'overlay' || topology.networks.some((n) => n.kind === 'overlay')
  );
}
