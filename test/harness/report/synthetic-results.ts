/**
 * Synthetic run results for the report tests and bench: run records with step records
 * whose requirement IDs and verdicts follow from the run index, summarised by the
 * runner's own `summarise`, so sharded and unsharded results are comparable.
 */
import {
  RunResult,
  shardRuns,
  type RunRecord,
  type Shard,
  type StepRecord,
} from '../../../harness/runner/index.ts';
import { summarise } from '../../../harness/runner/summarise.ts';
import { requirements } from '../../../spec/requirements/index.ts';

// Every safespring requirement but NET-EXTERNAL, so one stays "not exercised".
const exercised = requirements
  .filter((r) => r.profiles.includes('safespring') && r.id !== 'NET-EXTERNAL')
  .map((r) => r.id);

function trafficStep(
  index: number,
  ids: readonly string[],
  verdict: 'agree' | 'disagree' | 'inconclusive',
): StepRecord {
  const delivered = index % 2 === 0;
  return {
    index,
    step: { op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 22 },
    expectation: {
      kind: 'traffic',
      delivered,
      seenFrom: delivered ? '198.51.100.10' : null,
      requirements: [...ids],
      reason: 'synthetic',
    },
    observation:
      verdict === 'inconclusive'
        ? { kind: 'inconclusive', reason: 'agent timeout', elapsedMs: 3 }
        : {
            kind: 'observed',
            delivered: verdict === 'agree' ? delivered : !delivered,
            seenFrom: null,
            elapsedMs: 3,
          },
    oracle:
      verdict === 'agree'
        ? { verdict: 'agree' }
        : verdict === 'disagree'
          ? { verdict: 'disagree', field: 'delivered', detail: 'synthetic' }
          : { verdict: 'inconclusive', reason: 'agent timeout' },
    confirmation: null,
    verdict,
    unconfirmed: false,
    requirements: [...ids],
    elapsedMs: 3,
    note: null,
  };
}

/** Run k: `stepsPerRun` traffic steps; every 7th step of run 3 is inconclusive. */
export function syntheticRun(k: number, stepsPerRun = 6): RunRecord {
  const steps = Array.from({ length: stepsPerRun }, (_, i) => {
    const id = exercised[(k * stepsPerRun + i) % exercised.length]!;
    const second = exercised[(k + i * 3) % exercised.length]!;
    return trafficStep(
      i,
      id === second ? [id] : [id, second],
      k === 3 && i % 7 === 0 ? 'inconclusive' : 'agree',
    );
  });
  return {
    index: k,
    seed: k * 7919,
    verdict: steps.some((s) => s.verdict === 'inconclusive') ? 'inconclusive' : 'agree',
    dataplane: k === 0 ? 'created' : 'reused',
    stepCount: steps.length,
    instanceCount: 2,
    durationMs: 100,
    steps,
    error: null,
  };
}

export interface SyntheticOptions {
  readonly runs: number;
  readonly seed?: number;
  readonly shard?: Shard;
  readonly driver?: string;
  readonly stepsPerRun?: number;
}

/** A run result as `netconform run --seed S --runs N [--shard i/n]` would write it. */
export function syntheticRunResult(options: SyntheticOptions): RunResult {
  const shard = options.shard ?? { index: 1, count: 1 };
  const owned = shardRuns(options.runs, shard);
  const records = owned.map((k) => syntheticRun(k, options.stepsPerRun));
  return RunResult.parse({
    version: 1,
    profile: 'safespring',
    driver: options.driver ?? 'reference',
    backend: 'netns',
    seed: options.seed ?? 42,
    shard,
    limits: {
      runs: options.runs,
      maxSteps: 12,
      maxInstances: 4,
      maxSites: 2,
      probeTimeoutMs: 300,
      timeLimitMs: null,
    },
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: owned.length * 100,
    stoppedBy: 'completed',
    disagreement: null,
    driverError: null,
    runs: records,
    ...summarise(records, {
      runsPlanned: owned.length,
      dataplanesBuilt: 1,
      runPhaseMs: owned.length * 100,
    }),
  });
}

/** A violating step for repro tables (expected blocked, observed delivered). */
export function violatingStep(index: number, ids: readonly string[]): StepRecord {
  return trafficStep(index, ids, 'disagree');
}
