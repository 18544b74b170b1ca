/**
 * `runConformance`: generated scenarios, run k from seed mix(seed, k), this shard's
 * runs only, until the first confirmed disagreement (shrunk into a repro), a driver
 * error, the time limit, or the end. Results as data: the `RunResult` and the repro's
 * evidence; `harness/repro` writes them to disk.
 */
import type fc from 'fast-check';
import type {
  Plumbing,
  ProfileName,
  ResolvedScenario,
  ResolvedTopology,
  ScenarioInput,
} from '../../spec/index.ts';
import { GENERATOR_DEFAULTS, scenarioArbitrary, scenarioCoverage } from '../arbitraries/index.ts';
import { UsageError, type DataplaneBackend } from '../dataplane/index.ts';
import type { ProgressEvent } from '../progress/progress-event.ts';
import { DataplanePool } from './dataplane-pool.ts';
import { plumbingFor } from './plumbing-choice.ts';
import { handleDisagreement, type ReproEvidence } from './handle-disagreement.ts';
import { mixSeed, planScenario, shardRuns, type Shard } from './plan.ts';
import { resolveGenerated } from './resolve-generated.ts';
import { runInterleaved } from './run-interleaved.ts';
import { runOnPool, type DriverFactory, type PooledRun } from './run-on-pool.ts';
import { RunResult, type DisagreementSummary, type RunRecord } from './run-result.ts';
import type { DriverErrorRecord } from './step-record.ts';
import { summarise } from './summarise.ts';

/** How many upcoming scenarios get their dataplane built while the current one runs. */
const BUILD_AHEAD = 1;

export interface RunOptions {
  readonly backend: DataplaneBackend;
  /** Makes a fresh driver for every scenario. */
  readonly driverFactory: DriverFactory;
  /** The driver spec (`reference`, `mutant:NAME`, `exec:PATH`), recorded for replay. */
  readonly driver: string;
  readonly profile: ProfileName;
  /**
   * The generator of run k (tests, shrink budgets); default `scenarioArbitrary` from the
   * limits below with run k's coverage focus.
   */
  readonly arbitraryFor?: (run: number) => fc.Arbitrary<ScenarioInput>;
  readonly runs: number;
  /** Run seed, a uint32. */
  readonly seed: number;
  readonly shard?: Shard;
  readonly maxSteps: number;
  readonly maxInstances: number;
  /** Default `GENERATOR_DEFAULTS.maxSites`. */
  readonly maxSites?: number;
  readonly probeTimeoutMs: number;
  /** Routed or bridged; default: the profile's plumbing. */
  readonly plumbing?: Plumbing;
  /** Wall-clock budget for the whole run, shrinking included; null for none. */
  readonly timeLimitMs?: number | null;
  /** Shrinking time once a disagreement is found; null or absent: no limit. */
  readonly shrinkTimeLimitMs?: number | null;
  /** Shrinking stops once the repro has at most this many steps; null or absent: none. */
  readonly shrinkGoalSteps?: number | null;
  /** Aborting it (Ctrl-C) stops shrinking; the smallest repro so far is returned. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Scenarios in flight at once, each on its own dataplane (default 1). The result is
   * the same for every value, timings and dataplane reuse apart.
   */
  readonly jobs?: number;
}

/** What a run produced: the result, and the repro's evidence when it found one. */
export interface ConformanceRun {
  readonly result: RunResult;
  readonly repro: ReproEvidence | null;
}

/** Runs this shard's scenarios and returns the result (nothing is written). */
export async function runConformance(options: RunOptions): Promise<ConformanceRun> {
  const startedAt = new Date();
  const t0 = performance.now();
  const shard = options.shard ?? { index: 1, count: 1 };
  const timeLimitMs = options.timeLimitMs ?? null;
  const deadline = timeLimitMs === null ? null : t0 + timeLimitMs;
  const shrinkTimeLimitMs = options.shrinkTimeLimitMs ?? null;
  const shrinkGoalSteps = options.shrinkGoalSteps ?? null;
  const owned = shardRuns(options.runs, shard);
  const maxSites = options.maxSites ?? GENERATOR_DEFAULTS.maxSites;
  const arbitraryFor =
    options.arbitraryFor ??
    ((run: number) =>
      scenarioArbitrary({
        profile: options.profile,
        maxSteps: options.maxSteps,
        maxInstances: options.maxInstances,
        maxSites,
        run,
      }));
  const records: RunRecord[] = [];
  let stoppedBy: RunResult['stoppedBy'] = 'completed';
  let disagreement: DisagreementSummary | null = null;
  let repro: ReproEvidence | null = null;
  let driverError: RunResult['driverError'] = null;
  let shrinkMs = 0;
  let inconclusive = 0;

  const progress = (
    phase: ProgressEvent['phase'],
    shrinkCandidates = 0,
    done = records.length,
  ): void =>
    options.onProgress?.({
      phase,
      done,
      total: owned.length,
      disagreements: disagreement === null ? 0 : 1,
      inconclusive,
      shrinkCandidates,
      elapsedMs: performance.now() - t0,
    });

  // Run k's scenario is planned one run ahead, so its dataplane can be built meanwhile.
  const plans = new Map<number, { input: ScenarioInput; scenario: ResolvedScenario }>();
  const planned = (k: number): { input: ScenarioInput; scenario: ResolvedScenario } => {
    let plan = plans.get(k);
    if (plan === undefined) {
      const input = planScenario(arbitraryFor(k), options.seed, k);
      plan = { input, scenario: resolveGenerated(input, `seed ${options.seed} run ${k}`) };
      plans.set(k, plan);
    }
    return plan;
  };
  // A generator bug in the next scenario surfaces in its own turn, not one run early.
  const lookahead = (k: number): ResolvedTopology[] => {
    try {
      return [planned(k).scenario.topology];
    } catch {
      return [];
    }
  };

  // One pool per job: each job reuses or builds ahead its own dataplanes (own prefix).
  const jobs = options.jobs ?? 1;
  const pools = Array.from(
    { length: Math.max(1, Math.min(jobs, owned.length)) },
    () =>
      new DataplanePool(options.backend, {
        probeTimeoutMs: options.probeTimeoutMs,
        plumbing: plumbingFor(options.profile, options.plumbing),
      }),
  );
  let dataplanesBuilt = 0;
  try {
    progress('running');
    let finished = 0;
    const scheduled = await runInterleaved<Finished>({
      count: owned.length,
      jobs,
      mayStart: () => deadline === null || performance.now() < deadline,
      stops: (f) => f.record.verdict === 'disagree' || f.driverError !== null,
      onFinished: (_, f) => {
        finished += 1;
        if (f.record.verdict === 'inconclusive') inconclusive += 1;
        progress('running', 0, finished);
      },
      run: async (position, job) => {
        const k = owned[position] as number;
        const { input, scenario } = planned(k);
        // Job j runs positions j, j+N, ...: its next scenario is N positions on.
        const upcoming = owned
          .slice(position + jobs, position + jobs + BUILD_AHEAD)
          .flatMap((next) => lookahead(next));
        const run = await runOnPool(pools[job] as DataplanePool, scenario, options.driverFactory, {
          stopAtFirstDisagreement: true,
          upcoming,
        }).catch((error: unknown) => {
          if (!(error instanceof UsageError)) throw error;
          throw new UsageError(
            `run ${k} of seed ${options.seed} cannot be built: ${error.message}`,
          );
        });
        plans.delete(k);
        return { position, input, ...toRecord(k, mixSeed(options.seed, k), input, scenario, run) };
      },
    });
    records.push(...scheduled.outcomes.map((f) => f.record));
    inconclusive = records.filter((r) => r.verdict === 'inconclusive').length;
    if (scheduled.cut) stoppedBy = 'time-limit';
    const last = scheduled.stopped ? scheduled.outcomes.at(-1) : undefined;
    if (last?.driverError != null) {
      driverError = { ...last.driverError, runIndex: last.record.index };
      stoppedBy = 'driver-error';
      progress('running');
    } else if (last !== undefined) {
      const k = last.record.index;
      const foundAfterMs = performance.now() - t0;
      progress('shrinking');
      const shrinkStarted = performance.now();
      const shrinkDeadline = earliest(
        deadline,
        shrinkTimeLimitMs === null ? null : shrinkStarted + shrinkTimeLimitMs,
      );
      const handled = await handleDisagreement({
        // The job that found it first: it probably still holds that dataplane.
        pools: [
          ...pools.slice(last.position % pools.length),
          ...pools.slice(0, last.position % pools.length),
        ],
        driverFactory: options.driverFactory,
        arbitrary: arbitraryFor(k),
        runIndex: k,
        runSeed: last.record.runSeed,
        original: last.input,
        originalSteps: last.record.steps,
        foundAfterMs,
        shouldStopShrinking: () =>
          options.signal?.aborted === true ||
          (shrinkDeadline !== null && performance.now() >= shrinkDeadline),
        shrinkGoalSteps,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onCandidate: (n) => progress('shrinking', n),
      });
      disagreement = handled.summary;
      repro = handled.evidence;
      shrinkMs = performance.now() - shrinkStarted;
      stoppedBy = 'disagreement';
    } else {
      progress('running');
    }
  } finally {
    dataplanesBuilt = pools.reduce((n, pool) => n + pool.created, 0);
    await releaseAll(pools);
  }

  const durationMs = performance.now() - t0;
  const result = RunResult.parse({
    version: 1,
    profile: options.profile,
    driver: options.driver,
    backend: options.backend.name,
    plumbing: plumbingFor(options.profile, options.plumbing),
    seed: options.seed,
    shard,
    limits: {
      runs: options.runs,
      maxSteps: options.maxSteps,
      maxInstances: options.maxInstances,
      maxSites,
      probeTimeoutMs: options.probeTimeoutMs,
      timeLimitMs,
      shrinkTimeLimitMs,
      shrinkGoalSteps,
    },
    startedAt: startedAt.toISOString(),
    durationMs,
    stoppedBy,
    disagreement,
    driverError,
    runs: records,
    ...summarise(records, {
      profile: options.profile,
      maxSites,
      runsPlanned: owned.length,
      dataplanesBuilt,
      runPhaseMs: durationMs - shrinkMs,
    }),
  });
  progress('done');
  return { result, repro };
}

/** One finished scenario, with what stopping and shrinking need besides its record. */
interface Finished {
  readonly position: number;
  readonly input: ScenarioInput;
  readonly record: RunRecord;
  readonly driverError: DriverErrorRecord | null;
}

/** The run record of run `k` (and its driver error, when that ended the scenario). */
function toRecord(
  k: number,
  runSeed: number,
  input: ScenarioInput,
  scenario: ResolvedScenario,
  run: PooledRun,
): Pick<Finished, 'record' | 'driverError'> {
  const executed = run.kind === 'executed' ? run.execution : null;
  const verdict = executed?.verdict ?? 'inconclusive';
  const record: RunRecord = {
    index: k,
    runSeed,
    verdict,
    dataplane: run.kind === 'executed' ? run.dataplane : 'failed',
    stepCount: scenario.steps.length,
    instanceCount: scenario.topology.instances.length,
    durationMs: executed?.durationMs ?? (run.kind === 'setup-failed' ? run.durationMs : 0),
    steps: executed === null ? [] : [...executed.steps],
    error: run.kind === 'setup-failed' ? run.reason : null,
    coverage:
      executed === null
        ? { requirements: [], features: [] }
        : scenarioCoverage(input, executed.steps.length),
  };
  const driverError =
    executed?.driverError != null && verdict === 'driver-error' ? executed.driverError : null;
  return { record, driverError };
}

/** Releases every pool; throws the first failure once all are released. */
async function releaseAll(pools: readonly DataplanePool[]): Promise<void> {
  const results = await Promise.allSettled(pools.map((pool) => pool.release()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
