/**
 * Blame for a disagreeing traffic step: of the requirements that decided the
 * expectation, which one the observation contradicts. Each deciding requirement is
 * relaxed in turn (`relaxations.ts`); those whose relaxed model predicts the
 * observation are candidates. The other observations of the same execution (earlier
 * steps, and the follow-up probes of `follow-up.ts` the harness may run after the
 * step) then rule out every candidate whose relaxed model predicts one of them wrong.
 * Of the candidates left, the narrowest relaxation (`TIERS`) is blamed; when several
 * share it, nothing is blamed and they are named as the candidates the observations
 * could not separate ("undetermined"), never guessed. Pure.
 */
import { profiles } from '../profiles/index.ts';
import {
  explains,
  type ObservedOutcome,
  type Prediction,
  type RelaxContext,
} from './relax-context.ts';
import { relaxations } from './relaxations.ts';
import { initialState, step as modelStep } from './step.ts';
import type { ModelState, ResolvedScenario } from './types.ts';
import type { RequirementId } from '../requirements/index.ts';

/** Which deciding requirements a disagreement blames. */
export interface Blame {
  /** The requirement the observations contradict (at most one; several only if they explain alike). */
  readonly violated: readonly RequirementId[];
  /** The other requirements that decided the expectation. */
  readonly involved: readonly RequirementId[];
  /** True when nothing is blamed: no relaxation explains the observations, or several do. */
  readonly undetermined: boolean;
  /** When undetermined: the requirements the observations could not separate (else empty). */
  readonly candidates: readonly RequirementId[];
}

/** What was observed at other traffic steps of the same execution, by step index. */
export type Evidence = ReadonlyMap<number, ObservedOutcome>;

const unique = (ids: readonly RequirementId[]): RequirementId[] =>
  ids.filter((id, i) => ids.indexOf(id) === i);

const asPrediction = (ctx: RelaxContext): Prediction =>
  ctx.expectation.delivered
    ? { delivered: true, seenFrom: ctx.expectation.seenFrom }
    : { delivered: false };

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

/** One defect a requirement's relaxation stands for: its predictions at a step. */
interface Hypothesis {
  readonly key: string;
  readonly tier: number;
  readonly predictions: readonly Prediction[];
}

/**
 * The defects `id` relaxed stands for, with their predictions at the step of `ctx`
 * (keys match across steps of one scenario). A requirement that did not decide the
 * step's expectation leaves it alone: the expectation names every one that did.
 */
function hypotheses(id: RequirementId, ctx: RelaxContext): Hypothesis[] {
  const deciding = ctx.expectation.requirements.includes(id);
  return (relaxations[id] ?? []).flatMap((r, j) => {
    if (r.variants === undefined)
      return [{ key: `${j}`, tier: r.tier, predictions: deciding ? r.predict(ctx) : [] }];
    return r.variants(ctx).map((predictions, i) => ({
      key: `${j}.${i}`,
      tier: r.tier,
      predictions: deciding ? predictions : [],
    }));
  });
}

/** Whether `predictions` (none: the step is left alone) allow `observed` at `ctx`. */
const allows = (
  predictions: readonly Prediction[],
  ctx: RelaxContext,
  observed: ObservedOutcome,
): boolean =>
  (predictions.length === 0 ? [asPrediction(ctx)] : predictions).some((p) => explains(p, observed));

/** Every traffic step's context in `scenario` (null for the others), in one pass. */
function contexts(scenario: ResolvedScenario): (RelaxContext | null)[] {
  const profile = profiles[scenario.profile];
  const history: ModelState[] = [initialState(scenario)];
  return scenario.steps.map((step) => {
    const before = history.at(-1)!;
    const result = modelStep(profile, before, step);
    const ctx =
      result.expectation.kind === 'traffic'
        ? { profile, history: [...history], before, step, expectation: result.expectation }
        : null;
    history.push(result.state);
    return ctx;
  });
}

/** The context of step `index` of `scenario`, or null when it is not a traffic step. */
export function relaxContext(scenario: ResolvedScenario, index: number): RelaxContext | null {
  if (index < 0 || index >= scenario.steps.length) return null;
  return contexts({ ...scenario, steps: scenario.steps.slice(0, index + 1) })[index] ?? null;
}

/**
 * The requirements of step `index` with a defect (one variant of one relaxation) that
 * predicts `observed` there and allows every observation in `evidence`, each with the
 * narrowest tier of such a defect; null when the step is no traffic step.
 */
export function blameCandidates(
  scenario: ResolvedScenario,
  index: number,
  observed: ObservedOutcome,
  evidence: Evidence = new Map(),
): {
  readonly ctx: RelaxContext;
  readonly candidates: { id: RequirementId; tier: number }[];
} | null {
  const all = contexts(scenario);
  const ctx = all[index] ?? null;
  if (ctx === null) return null;
  const others = [...evidence].filter(([at]) => at !== index && all[at] != null);
  const candidates: { id: RequirementId; tier: number }[] = [];
  for (const id of unique(ctx.expectation.requirements)) {
    const elsewhere = others.map(([at, seen]) => ({
      ctx: all[at]!,
      seen,
      by: new Map(hypotheses(id, all[at]!).map((h) => [h.key, h.predictions])),
    }));
    const tiers = hypotheses(id, ctx)
      .filter(
        (h) =>
          h.predictions.some((p) => explains(p, observed)) &&
          elsewhere.every((e) => allows(e.by.get(h.key) ?? [], e.ctx, e.seen)),
      )
      .map((h) => h.tier);
    if (tiers.length > 0) candidates.push({ id, tier: Math.min(...tiers) });
  }
  return { ctx, candidates };
}

/**
 * Blame for step `index` of `scenario`, whose dataplane outcome was `observed`;
 * `evidence` holds what other traffic steps of the same execution showed (steps of
 * `scenario` after `index` included: follow-up probes).
 */
export function blameStep(
  scenario: ResolvedScenario,
  index: number,
  observed: ObservedOutcome,
  evidence: Evidence = new Map(),
): Blame {
  const found = blameCandidates(scenario, index, observed, evidence);
  if (found === null) return { violated: [], involved: [], undetermined: true, candidates: [] };
  const deciding = unique(found.ctx.expectation.requirements);
  const narrowest = Math.min(...found.candidates.map((e) => e.tier));
  const kept = found.candidates.filter((e) => e.tier === narrowest).map((e) => e.id);
  const violated = kept.length === 1 ? kept : [];
  return {
    violated,
    involved: deciding.filter((id) => !violated.includes(id)),
    undetermined: violated.length === 0,
    candidates: kept.length > 1 ? kept : [],
  };
}
