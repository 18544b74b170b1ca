/** The reference driver: the correct nft renderer, parameterised by `state.profile`. */
import type { DriverState, FirewallDriver } from '../../harness/dataplane/index.ts';
import {
  referenceRenderOptions,
  rendererParamsFor,
  type RenderOptions,
} from '../translate/index.ts';
import { createNftDriver } from './nft-driver.ts';
import { createOverlayDriver } from './overlay-driver.ts';
import { REFERENCE_OVERLAY } from '../translate/index.ts';

/** Reference renderer options for the state's profile. */
export function referenceOptionsFor(state: DriverState): RenderOptions {
  return referenceRenderOptions(rendererParamsFor(state.profile));
}

/** Creates the reference driver (one per run: it holds no state, but keep it per run). */
export function createReferenceDriver(): FirewallDriver {
  return byPlumbing(
    createNftDriver({ name: 'reference', renderOptions: referenceOptionsFor }),
    createOverlayDriver('reference', REFERENCE_OVERLAY),
  );
}

/** One driver name for both kinds of state: danube overlays go to `overlay`, the rest to `nft`. */
export function byPlumbing(nft: FirewallDriver, overlay: FirewallDriver): FirewallDriver {
  const pick = (state: DriverState): FirewallDriver =>
    state.hosts.some((h) => h.plumbing === 'overlay') ? overlay : nft;
  return {
    name: nft.name,
    apply: (state) => pick(state).apply(state),
    teardown: (state) => pick(state).teardown(state),
  };
}
