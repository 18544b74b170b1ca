/**
 * A mutant driver: the reference renderer with one realistic defect, described by
 * data (renderer option overrides, a state rewrite with memory, extra host commands).
 */
import type { DriverState, FirewallDriver } from '../../../harness/dataplane/index.ts';
import type { ProfileName, RequirementId } from '../../../spec/index.ts';
import type { L2Options, RenderOptions } from '../../translate/index.ts';
import { createNftDriver, type StateTransform } from '../nft-driver.ts';
import { byPlumbing, referenceOptionsFor } from '../reference-driver.ts';
import { createOverlayDriver } from '../overlay-driver.ts';
import { REFERENCE_OVERLAY, type OverlayOptions } from '../../translate/index.ts';

/** What the `mutants` command shows about a mutant. */
export interface MutantInfo {
  readonly name: string;
  /** Where such bugs come from in real agents (one sentence). */
  readonly origin: string;
  /** Requirement IDs a correct harness must see it violate. */
  readonly requirements: readonly RequirementId[];
  /** A scenario on this dataplane that tells it apart from the reference. */
  readonly witness: string;
  /**
   * Profiles whose promises it breaks (when absent: every profile that promises one of
   * its requirements): `mutants` runs it only for these.
   */
  readonly profiles?: readonly ProfileName[];
}

/** A mutant: metadata plus its one defect. */
export interface MutantSpec extends MutantInfo {
  /** Renderer option overrides; `l2` overrides single L2 checks (the rest stay the profile's). */
  readonly render?: Partial<Omit<RenderOptions, 'l2'>> & { readonly l2?: Partial<L2Options> };
  /** Makes a fresh state rewrite (with its own memory) for each driver instance. */
  readonly transform?: () => StateTransform;
  /** Commands run in each host after every apply. */
  readonly afterApply?: readonly (readonly string[])[];
  /** Overlay (danube) policy overrides; the rest stays the reference's. */
  readonly overlay?: Partial<OverlayOptions>;
}

/** The renderer options `mutant` uses for `state`: the reference's, with its overrides. */
export function mutantRenderOptions(mutant: MutantSpec, state: DriverState): RenderOptions {
  const reference = referenceOptionsFor(state);
  const { l2, ...rest } = mutant.render ?? {};
  return { ...reference, ...rest, l2: { ...reference.l2, ...l2 } };
}

/** Creates the driver of `mutant` (its memory, if any, lives in this instance). */
export function createMutantDriver(mutant: MutantSpec): FirewallDriver {
  const transform = mutant.transform?.();
  const overlay = createOverlayDriver(`mutant:${mutant.name}`, {
    ...REFERENCE_OVERLAY,
    ...mutant.overlay,
  });
  return byPlumbing(
    createNftDriver({
      name: `mutant:${mutant.name}`,
      renderOptions: (state) => mutantRenderOptions(mutant, state),
      ...(transform !== undefined ? { transform } : {}),
      ...(mutant.afterApply !== undefined ? { afterApply: mutant.afterApply } : {}),
    }),
    overlay,
  );
}

/** The metadata part of a mutant. */
export function mutantInfo(mutant: MutantSpec): MutantInfo {
  const { name, origin, requirements, witness, profiles } = mutant;
  return { name, origin, requirements, witness, ...(profiles ? { profiles } : {}) };
}
