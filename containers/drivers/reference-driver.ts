/** The reference driver: the correct nft renderer, parameterised by `state.profile`. */
import type { DriverState, FirewallDriver } from '../../harness/dataplane/index.ts';
import {
  referenceRenderOptions,
  rendererParamsFor,
  type RenderOptions,
} from '../translate/index.ts';
import { createNftDriver } from './nft-driver.ts';

/** Reference renderer options for the state's profile. */
export function referenceOptionsFor(state: DriverState): RenderOptions {
  return referenceRenderOptions(rendererParamsFor(state.profile));
}

/** Creates the reference driver (one per run: it holds no state, but keep it per run). */
export function createReferenceDriver(): FirewallDriver {
  return createNftDriver({ name: 'reference', renderOptions: referenceOptionsFor });
}
