/**
 * Applies the desired state through the driver under test. A thrown error is a
 * driver error too (an `exec:` driver may crash in ways the wrapper did not foresee).
 */
import type { ModelState } from '../../spec/index.ts';
import {
  buildDriverState,
  type DataplaneLayout,
  type DriverResult,
  type DriverState,
  type FirewallDriver,
} from '../dataplane/index.ts';

export interface Applied {
  readonly state: DriverState;
  readonly result: DriverResult;
}

/** Builds the driver state for `generation` and applies it. Never rejects. */
export async function applyDriverState(
  driver: FirewallDriver,
  model: ModelState,
  layout: DataplaneLayout,
  generation: number,
): Promise<Applied> {
  const state = buildDriverState(model, layout, generation);
  try {
    return { state, result: await driver.apply(state) };
  } catch (error) {
    return {
      state,
      result: {
        kind: 'driver-error',
        message: `driver ${driver.name} threw: ${(error as Error).message}`,
        stderr: (error as Error).stack ?? '',
      },
    };
  }
}
