/**
 * After the first confirmed disagreement of a run: shrink it with fast-check, trim
 * the steps after the failing one, prune no-op steps and unused topology, and return
 * the repro as data (writing it is the caller's job, see `harness/repro`).
 */
import type fc from 'fast-check';
import {
  parseScenario,
  toScenarioInput,
  type ResolvedScenario,
  type ScenarioInput,
} from '../../spec/index.ts';
import type { HostSnapshot } from '../dataplane/index.ts';
import type { DataplanePool } from './dataplane-pool.ts';
import { withoutNoopSteps, withoutUnusedTopology } from './prune-scenario.ts';
import { resolveGenerated } from './resolve-generated.ts';
import type { DisagreementSummary } from './run-result.ts';
import { runOnPool, type DriverFactory } from './run-on-pool.ts';
import { PoolLender } from './pool-lender.ts';
import { preciseBlame } from './precise-blame.ts';
import { shrinkScenario } from './shrink.ts';
import type { BlameRecord, StepRecord } from './step-record.ts';

export interface DisagreementContext {
  /**
   * The run's pools, one per job; the first is the one that found the failure. With
   * more than one, shrink candidates fast-check will ask for next run ahead on idle ones.
   */
  readonly pools: readonly DataplanePool[];
  readonly driverFactory: DriverFactory;
  readonly arbitrary: fc.Arbitrary<ScenarioInput>;
  readonly runIndex: number;
  readonly runSeed: number;
  readonly original: ScenarioInput;
  readonly originalSteps: readonly StepRecord[];
  readonly foundAfterMs: number;
  /** Shrinking stops (smallest failure so far kept) once this is true. */
  readonly shouldStopShrinking: () => boolean;
  /**
   * Shrinking also stops once a candidate fails within this many steps (its repro is
   * cut after the failing step); null or absent: shrink on.
   */
  readonly shrinkGoalSteps?: number | null;
  /** Aborted by Ctrl-C: also skips pruning, which costs one more run. */
  readonly signal?: AbortSignal;
  readonly onCandidate: (candidates: number) => void;
}

/** The repro as data: what a bundle writer needs besides the run's own record. */
export interface ReproEvidence {
  /** The shrunk scenario, up to its failing step, pruned when that kept the failure. */
  readonly scenario: ResolvedScenario;
  /** Step records of the execution that showed the failure (the repro's own, if any). */
  readonly steps: readonly StepRecord[];
  /** Every host's ruleset and conntrack table at the failure; null if not captured. */
  readonly snapshot: readonly HostSnapshot[] | null;
  /** 0-based index of the disagreeing step in `scenario`, null if it did not recur. */
  readonly failingStep: number | null;
  /** True when no-op steps or unused topology were removed (and it still failed). */
  readonly pruned: boolean;
}

export interface HandledDisagreement {
  /** `repro` is null: the bundle writer fills it in. */
  readonly summary: DisagreementSummary;
  readonly evidence: ReproEvidence;
}

/** An execution that showed a confirmed disagreement, as far as a repro needs it. */
interface Failure {
  readonly steps: readonly StepRecord[];
  readonly snapshot: readonly HostSnapshot[] | null;
  readonly failingStep: number;
}

const NO_BLAME: BlameRecord = { violated: [], involved: [], undetermined: true, candidates: [] };

/** The blame of the first confirmed disagreement in `steps`. */
const blameOf = (steps: readonly StepRecord[]): BlameRecord =>
  steps.find((s) => s.verdict === 'disagree')?.blame ?? NO_BLAME;

const upTo = (scenario: ResolvedScenario, failingStep: number): ResolvedScenario => ({
  ...scenario,
  steps: scenario.steps.slice(0, failingStep + 1),
});

/** Shrinks, then trims and prunes the smallest failure, and returns it as data. */
export async function handleDisagreement(ctx: DisagreementContext): Promise<HandledDisagreement> {
  const lender = new PoolLender(ctx.pools);
  /** Runs `scenario` once on `pool`; its failure with a host snapshot, or null when it passed. */
  const failureOn = async (
    pool: DataplanePool,
    scenario: ResolvedScenario,
  ): Promise<Failure | null> => {
    try {
      const run = await runOnPool(pool, scenario, ctx.driverFactory, {
        stopAtFirstDisagreement: true,
        snapshotOnDisagreement: true,
      });
      if (run.kind !== 'executed' || run.execution.firstDisagreement === null) return null;
      const { steps, snapshot, firstDisagreement } = run.execution;
      return { steps, snapshot, failingStep: firstDisagreement };
    } finally {
      lender.giveBack(pool);
    }
  };
  const failureOf = async (scenario: ResolvedScenario): Promise<Failure | null> =>
    failureOn(await lender.borrow(), scenario);

  let candidates = 0;
  const goal = ctx.shrinkGoalSteps ?? null;
  let goalMet = false;
  /**
   * Notes whether `failure` is good enough to stop shrinking (within the goal, and its
   * blame determined: a short repro that blames nothing is not what a goal asks for);
   * returns whether it failed.
   */
  const failed = (failure: Failure | null): boolean => {
    if (failure !== null && goal !== null && failure.failingStep + 1 <= goal) {
      const blame = blameOf(failure.steps);
      if (!blame.undetermined && blame.violated.length > 0) goalMet = true;
    }
    return failure !== null;
  };
  // Different shrink paths often reach the same scenario; the original is known to fail.
  const originalFailing = ctx.originalSteps.findIndex((s) => s.verdict === 'disagree');
  const known = new Map<string, Failure | null>([
    [
      JSON.stringify(ctx.original),
      { steps: ctx.originalSteps, snapshot: null, failingStep: originalFailing },
    ],
  ]);
  /** Candidates running ahead of fast-check (`--jobs`), by their JSON. */
  const running = new Map<string, Promise<Failure | null>>();
  /** Runs `input` (on `pool` if given) and remembers the outcome. */
  const evaluate = (key: string, input: ScenarioInput, pool?: DataplanePool) => {
    ctx.onCandidate(++candidates);
    const parsed = parseScenario(input);
    // Only a confirmed disagreement counts; driver errors and noise do not shrink.
    const outcome = !parsed.ok
      ? Promise.resolve(null)
      : pool === undefined
        ? failureOf(parsed.scenario)
        : failureOn(pool, parsed.scenario);
    const settled = outcome
      .then((failure) => {
        known.set(key, failure);
        return failure;
      })
      .finally(() => running.delete(key));
    // A candidate run ahead may never be asked for: its error must not go unhandled.
    settled.catch(() => undefined);
    running.set(key, settled);
    return settled;
  };
  const shrink = await shrinkScenario({
    arbitrary: ctx.arbitrary,
    seed: ctx.runSeed,
    shouldStop: () => goalMet || ctx.shouldStopShrinking(),
    isFailing: async (input) => {
      const key = JSON.stringify(input);
      const cached = known.get(key);
      if (cached !== undefined) return failed(cached);
      return failed(await (running.get(key) ?? evaluate(key, input)));
    },
    ...(ctx.pools.length > 1
      ? {
          lookahead: {
            width: ctx.pools.length - 1,
            ahead: (input: ScenarioInput) => {
              const key = JSON.stringify(input);
              if (known.has(key) || running.has(key) || ctx.shouldStopShrinking()) return;
              const pool = lender.tryBorrow();
              if (pool !== null) void evaluate(key, input, pool);
            },
          },
        }
      : {}),
  });
  // Candidates started ahead that fast-check no longer needs still hold dataplanes.
  await Promise.allSettled(running.values());
  const shrunkInput = shrink.scenario ?? ctx.original;
  const shrunk = resolveGenerated(shrunkInput, `shrunk run ${ctx.runIndex}`);
  const interrupted = (): boolean => ctx.signal?.aborted === true;
  // The failure of the smallest scenario, with a snapshot; without one (the original,
  // or shrinking did not reproduce it) it runs once more, unless Ctrl-C says stop.
  let failure = known.get(JSON.stringify(shrunkInput)) ?? null;
  if ((failure === null || failure.snapshot === null) && !interrupted()) {
    failure = (await failureOf(shrunk)) ?? failure;
  }

  let evidence: ReproEvidence =
    failure === null
      ? {
          scenario: shrunk,
          steps: ctx.originalSteps,
          snapshot: null,
          failingStep: null,
          pruned: false,
        }
      : // The runner stops at the first confirmed disagreement: later steps never ran.
        { scenario: upTo(shrunk, failure.failingStep), ...failure, pruned: false };
  if (failure !== null && !interrupted()) evidence = await pruned(evidence, failureOf);

  let blame = blameOf(evidence.failingStep !== null ? evidence.steps : ctx.originalSteps);
  if (evidence.failingStep !== null && !interrupted()) {
    // Follow-up probes separate the candidates one observation cannot (precise-blame.ts).
    const runToEnd = async (scenario: ResolvedScenario) => {
      const pool = await lender.borrow();
      try {
        const run = await runOnPool(pool, scenario, ctx.driverFactory, {
          stopAtFirstDisagreement: false,
        });
        return run.kind === 'executed' ? run.execution.steps : null;
      } finally {
        lender.giveBack(pool);
      }
    };
    const failingStep = evidence.failingStep;
    blame = (await preciseBlame(evidence.scenario, evidence.steps, failingStep, runToEnd)) ?? blame;
    const precise = blame;
    evidence = {
      ...evidence,
      steps: evidence.steps.map((s) => (s.index === failingStep ? { ...s, blame: precise } : s)),
    };
  }
  const summary: DisagreementSummary = {
    runIndex: ctx.runIndex,
    runSeed: ctx.runSeed,
    foundAfterMs: ctx.foundAfterMs,
    shrinkMs: shrink.durationMs,
    shrinkCandidates: shrink.candidates,
    // Stopping at the goal is the shrink finishing as asked, not being cut short.
    shrinkInterrupted: (shrink.interrupted && !goalMet) || interrupted(),
    path: shrink.path,
    originalSteps: ctx.original.steps?.length ?? 0,
    shrunkSteps: evidence.scenario.steps.length,
    blame,
    repro: null,
  };
  return { summary, evidence };
}

/**
 * `evidence` without no-op steps and unused topology when the pruned scenario still
 * fails (confirmed by one run); otherwise `evidence` unchanged.
 */
async function pruned(
  evidence: ReproEvidence,
  failureOf: (scenario: ResolvedScenario) => Promise<Failure | null>,
): Promise<ReproEvidence> {
  const candidate = withoutUnusedTopology(withoutNoopSteps(evidence.scenario));
  const same =
    JSON.stringify(toScenarioInput(candidate)) ===
    JSON.stringify(toScenarioInput(evidence.scenario));
  if (same) return evidence;
  // Round-trip through the parser: the pruned file must be valid on its own.
  const parsed = parseScenario(toScenarioInput(candidate));
  if (!parsed.ok) return evidence;
  const failure = await failureOf(parsed.scenario);
  if (failure === null) return evidence;
  return { scenario: upTo(parsed.scenario, failure.failingStep), ...failure, pruned: true };
}
