/**
 * After the first confirmed disagreement of a run: shrink it with fast-check, run
 * the shrunk scenario once more to capture evidence, and write the repro bundle.
 */
import type fc from 'fast-check';
import { parseScenario, type ProfileName, type ScenarioInput } from '../../spec/index.ts';
import { writeReproBundle } from '../repro/write-bundle.ts';
import type { DataplanePool } from './dataplane-pool.ts';
import { resolveGenerated } from './resolve-generated.ts';
import type { DisagreementSummary } from './run-result.ts';
import { runOnPool, type DriverFactory } from './run-on-pool.ts';
import { shrinkScenario } from './shrink.ts';
import type { BlameRecord, StepRecord } from './step-record.ts';

export interface DisagreementContext {
  readonly pool: DataplanePool;
  readonly driverFactory: DriverFactory;
  readonly arbitrary: fc.Arbitrary<ScenarioInput>;
  readonly profile: ProfileName;
  readonly driver: string;
  readonly backend: string;
  readonly probeTimeoutMs: number;
  readonly seed: number;
  readonly runIndex: number;
  readonly runSeed: number;
  readonly original: ScenarioInput;
  readonly originalSteps: readonly StepRecord[];
  readonly foundAfterMs: number;
  /** Time left for shrinking, or null for no limit. */
  readonly shrinkBudgetMs: number | null;
  readonly outDir: string | null;
  readonly onCandidate: (candidates: number) => void;
}

const NO_BLAME: BlameRecord = { violated: [], involved: [], undetermined: true };

/** The blame of the first confirmed disagreement in `steps`. */
const blameOf = (steps: readonly StepRecord[]): BlameRecord =>
  steps.find((s) => s.verdict === 'disagree')?.blame ?? NO_BLAME;

/** Shrinks, re-runs and (with an output directory) writes the bundle. */
export async function handleDisagreement(ctx: DisagreementContext): Promise<DisagreementSummary> {
  let candidates = 0;
  // Different shrink paths often reach the same scenario; the original is known to fail.
  const known = new Map<string, boolean>([[JSON.stringify(ctx.original), true]]);
  const shrink = await shrinkScenario({
    arbitrary: ctx.arbitrary,
    seed: ctx.runSeed,
    timeLimitMs: ctx.shrinkBudgetMs,
    isFailing: async (input) => {
      const key = JSON.stringify(input);
      const cached = known.get(key);
      if (cached !== undefined) return cached;
      ctx.onCandidate(++candidates);
      const parsed = parseScenario(input);
      const run = parsed.ok
        ? await runOnPool(ctx.pool, parsed.scenario, ctx.driverFactory, {
            stopAtFirstDisagreement: true,
          })
        : null;
      // Only a confirmed disagreement counts; driver errors and noise do not shrink.
      const failing = run?.kind === 'executed' && run.execution.verdict === 'disagree';
      known.set(key, failing);
      return failing;
    },
  });
  const shrunkInput = shrink.scenario ?? ctx.original;
  const candidate = resolveGenerated(shrunkInput, `shrunk run ${ctx.runIndex}`);
  const final = await runOnPool(ctx.pool, candidate, ctx.driverFactory, {
    stopAtFirstDisagreement: true,
    snapshotOnDisagreement: true,
  });
  const finalSteps = final.kind === 'executed' ? final.execution.steps : [];
  const failingStep = final.kind === 'executed' ? final.execution.firstDisagreement : null;
  // The runner stops at the first confirmed disagreement, so later steps never ran:
  // the prefix up to the failing step is the repro.
  const shrunk =
    failingStep === null
      ? candidate
      : { ...candidate, steps: candidate.steps.slice(0, failingStep + 1) };
  const blame = failingStep !== null ? blameOf(finalSteps) : blameOf(ctx.originalSteps);

  const base = {
    runIndex: ctx.runIndex,
    runSeed: ctx.runSeed,
    foundAfterMs: ctx.foundAfterMs,
    shrinkMs: shrink.durationMs,
    shrinkCandidates: shrink.candidates,
    shrinkInterrupted: shrink.interrupted,
    path: shrink.path,
    originalSteps: ctx.original.steps?.length ?? 0,
    shrunkSteps: shrunk.steps.length,
    blame,
  };
  if (ctx.outDir === null) return { ...base, repro: null };

  const driverSlug = ctx.driver.replace(/[^A-Za-z0-9]+/g, '-');
  const bundle = await writeReproBundle({
    outDir: ctx.outDir,
    id: `${ctx.profile}-${driverSlug}-seed${ctx.seed}-run${ctx.runIndex}`,
    scenario: shrunk,
    steps: finalSteps.length > 0 ? finalSteps : ctx.originalSteps,
    snapshot: final.kind === 'executed' ? final.execution.snapshot : null,
    meta: {
      seed: ctx.seed,
      runIndex: ctx.runIndex,
      runSeed: ctx.runSeed,
      fastCheckPath: shrink.path,
      profile: ctx.profile,
      driver: ctx.driver,
      backend: ctx.backend,
      probeTimeoutMs: ctx.probeTimeoutMs,
      failingStep,
      blame,
      originalSteps: base.originalSteps,
      shrinkInterrupted: shrink.interrupted,
    },
  });
  return {
    ...base,
    repro: {
      dir: bundle.dir,
      scenarioPath: bundle.scenarioPath,
      replayCommand: bundle.replayCommand,
      steps: shrunk.steps.length,
      blame,
    },
  };
}
