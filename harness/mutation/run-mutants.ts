/**
 * Runs each mutant driver through `runConformance` with the same seed and budget and
 * folds the results into a `MutationResult` (written to `<out>/mutation-result.json`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plumbing, ProfileName } from '../../spec/index.ts';
import {
  formatDriverSpec,
  mutantDriverSpec,
  type DataplaneBackend,
  type DriverSpec,
} from '../dataplane/index.ts';
import type { ProgressEvent } from '../progress/index.ts';
import { runAndRecord, type RecordRunOptions } from '../repro/index.ts';
import type { DriverFactory, RunResult, Shard } from '../runner/index.ts';
import { mutantOutcome, mutantOutDir, type MutantDescription } from './mutant-outcome.ts';
import { MutationResult, type MutantOutcome } from './mutation-result.ts';
import { mutationScore } from './score.ts';

export interface MutationRunOptions {
  /** The mutants to run, in order (already selected and sharded). */
  readonly mutants: readonly MutantDescription[];
  readonly backend: DataplaneBackend;
  /** Fresh drivers for a driver spec (`mutant:NAME`). */
  readonly driverFactoryFor: (driver: DriverSpec) => DriverFactory;
  readonly profile: ProfileName;
  /** Runs each mutant may use. */
  readonly budget: number;
  readonly seed: number;
  /** The mutant shard these mutants are, recorded in the result. */
  readonly shard?: Shard;
  readonly maxSteps: number;
  readonly maxInstances: number;
  readonly maxSites: number;
  readonly probeTimeoutMs: number;
  /** Routed or bridged; default: the profile's plumbing. */
  readonly plumbing?: Plumbing;
  /** Shrinking time per caught mutant; null or absent: no limit. */
  readonly shrinkTimeLimitMs?: number | null;
  /** Shrinking stops once a repro has at most this many steps; null or absent: none. */
  readonly shrinkGoalSteps?: number | null;
  /** Writes `mutation-result.json` here and each mutant's run under `mutants/<name>/`. */
  readonly outDir: string | null;
  /** Scenarios of each mutant's run in flight at once (default 1). */
  readonly jobs?: number;
  /** Replaces the runner (tests). */
  readonly run?: (options: RecordRunOptions) => Promise<RunResult>;
  readonly onMutantStart?: (mutant: MutantDescription, position: number, total: number) => void;
  readonly onMutantDone?: (outcome: MutantOutcome, position: number, total: number) => void;
  readonly onProgress?: (mutant: MutantDescription, event: ProgressEvent) => void;
}

/** Runs every mutant in turn (one dataplane at a time) and returns the mutation result. */
export async function runMutants(options: MutationRunOptions): Promise<MutationResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const run = options.run ?? runAndRecord;
  const outcomes: MutantOutcome[] = [];
  const total = options.mutants.length;
  const shrinkTimeLimitMs = options.shrinkTimeLimitMs ?? null;
  const shrinkGoalSteps = options.shrinkGoalSteps ?? null;
  for (const [i, mutant] of options.mutants.entries()) {
    options.onMutantStart?.(mutant, i + 1, total);
    const spec = mutantDriverSpec(mutant.name);
    const driver = formatDriverSpec(spec);
    const outDir = options.outDir === null ? null : mutantOutDir(options.outDir, mutant.name);
    const result = await run({
      backend: options.backend,
      driverFactory: options.driverFactoryFor(spec),
      driver,
      profile: options.profile,
      runs: options.budget,
      seed: options.seed,
      maxSteps: options.maxSteps,
      maxInstances: options.maxInstances,
      maxSites: options.maxSites,
      probeTimeoutMs: options.probeTimeoutMs,
      ...(options.plumbing === undefined ? {} : { plumbing: options.plumbing }),
      outDir,
      shrinkTimeLimitMs,
      shrinkGoalSteps,
      jobs: options.jobs ?? 1,
      ...(options.onProgress === undefined
        ? {}
        : { onProgress: (event: ProgressEvent) => options.onProgress?.(mutant, event) }),
    });
    const outcome = mutantOutcome(mutant, result, outDir);
    outcomes.push(outcome);
    options.onMutantDone?.(outcome, i + 1, total);
  }
  const result = MutationResult.parse({
    version: 1,
    profile: options.profile,
    backend: options.backend.name,
    seed: options.seed,
    budget: options.budget,
    shard: options.shard ?? { index: 1, count: 1 },
    limits: {
      maxSteps: options.maxSteps,
      maxInstances: options.maxInstances,
      maxSites: options.maxSites,
      probeTimeoutMs: options.probeTimeoutMs,
      shrinkTimeLimitMs,
      shrinkGoalSteps,
    },
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    score: mutationScore(outcomes),
    mutants: outcomes,
  });
  if (options.outDir !== null) await writeMutationResult(options.outDir, result);
  return result;
}

/** Writes `<outDir>/mutation-result.json` and returns its path. */
export async function writeMutationResult(outDir: string, result: MutationResult): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'mutation-result.json');
  await writeFile(path, JSON.stringify(result, null, 2) + '\n');
  return path;
}
