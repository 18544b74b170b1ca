/**
 * Blame for a disagreeing traffic step: of the requirements that decided the
 * expectation, which one(s) the observation contradicts. Each deciding requirement is
 * relaxed in turn (`relaxations.ts`); those whose relaxed model predicts the
 * observation explain it. When several do, those with the narrowest relaxation are
 * blamed (`TIERS`): a defect that changes every flow of a side would usually have
 * shown on the other traffic of the run, one about a particular situation only there.
 * Pure.
 */
import { profiles } from '../profiles/index.ts';
import { explains, type ObservedOutcome, type RelaxContext } from './relax-context.ts';
import { relaxations } from './relaxations.ts';
import { initialState, step as modelStep } from './step.ts';
import type { ModelState, ResolvedScenario } from './types.ts';
import type { RequirementId } from '../requirements/index.ts';

/** Which deciding requirements a disagreement blames. */
export interface Blame {
  /** Requirements whose relaxation explains the observation (narrowest scope kept). */
  readonly violated: readonly RequirementId[];
  /** The other requirements that decided the expectation. */
  readonly involved: readonly RequirementId[];
  /** True when no single relaxation explains the observation: nothing is blamed. */
  readonly undetermined: boolean;
}

const unique = (ids: readonly RequirementId[]): RequirementId[] =>
  ids.filter((id, i) => ids.indexOf(id) === i);

/**
 * The requirements of `ctx.expectation` with a relaxation that predicts `observed`,
 * each with the narrowest tier that does.
 */
export function explainingRequirements(
  ctx: RelaxContext,
  observed: ObservedOutcome,
): { readonly id: RequirementId; readonly tier: number }[] {
  const found: { id: RequirementId; tier: number }[] = [];
  for (const id of unique(ctx.expectation.requirements)) {
    const tiers = (relaxations[id] ?? [])
      .filter((r) => r.predict(ctx).some((p) => explains(p, observed)))
      .map((r) => r.tier);
    if (tiers.length > 0) found.push({ id, tier: Math.min(...tiers) });
  }
  return found;
}

/** The context of step `index` of `scenario`, or null when it is not a traffic step. */
export function relaxContext(scenario: ResolvedScenario, index: number): RelaxContext | null {
  const profile = profiles[scenario.profile];
  const history: ModelState[] = [initialState(scenario)];
  for (const s of scenario.steps.slice(0, index))
    history.push(modelStep(profile, history.at(-1)!, s).state);
  const before = history.at(-1)!;
  const step = scenario.steps[index];
  if (step === undefined) return null;
  const expectation = modelStep(profile, before, step).expectation;
  if (expectation.kind !== 'traffic') return null;
  return { profile, history, before, step, expectation };
}

/** Blame for step `index` of `scenario`, whose dataplane outcome was `observed`. */
export function blameStep(
  scenario: ResolvedScenario,
  index: number,
  observed: ObservedOutcome,
): Blame {
  const ctx = relaxContext(scenario, index);
  if (ctx === null) return { violated: [], involved: [], undetermined: true };
  const deciding = unique(ctx.expectation.requirements);
  const explaining = explainingRequirements(ctx, observed);
  const narrowest = Math.min(...explaining.map((e) => e.tier));
  const violated = explaining.filter((e) => e.tier === narrowest).map((e) => e.id);
  return {
    violated,
    involved: deciding.filter((id) => !violated.includes(id)),
    undetermined: violated.length === 0,
  };
}
