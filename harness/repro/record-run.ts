/**
 * The thin layer above the runner: runs `runConformance` and, with an output
 * directory, writes the repro bundle and `run-result.json` (the runner only returns
 * data).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  runConformance,
  type ConformanceRun,
  type ReproSummary,
  type RunOptions,
  type RunResult,
} from '../runner/index.ts';
import { writeReproBundle } from './write-bundle.ts';

export interface RecordRunOptions extends RunOptions {
  /** Writes `run-result.json` and `repros/<id>/` here; null writes nothing. */
  readonly outDir: string | null;
}

/** The bundle id: profile, driver, seed and the 0-based run index, like `run-result.json`. */
export const reproId = (result: RunResult, runIndex: number): string =>
  `${result.profile}-${result.driver.replace(/[^A-Za-z0-9]+/g, '-')}-seed${result.seed}-run${runIndex}`;

/** Writes the repro bundle of `run` (if it found one) and returns its summary. */
export async function writeRunRepro(run: ConformanceRun, outDir: string): Promise<RunResult> {
  const { result, repro } = run;
  const d = result.disagreement;
  if (d === null || repro === null) return result;
  const bundle = await writeReproBundle({
    outDir,
    id: reproId(result, d.runIndex),
    scenario: repro.scenario,
    steps: repro.steps,
    snapshot: repro.snapshot,
    meta: {
      seed: result.seed,
      runIndex: d.runIndex,
      runSeed: d.runSeed,
      fastCheckPath: d.path,
      profile: result.profile,
      driver: result.driver,
      backend: result.backend,
      probeTimeoutMs: result.limits.probeTimeoutMs,
      ...(result.plumbing === undefined ? {} : { plumbing: result.plumbing }),
      failingStep: repro.failingStep,
      blame: d.blame,
      originalSteps: d.originalSteps,
      shrinkInterrupted: d.shrinkInterrupted,
      pruned: repro.pruned,
    },
  });
  const summary: ReproSummary = {
    dir: bundle.dir,
    scenarioPath: bundle.scenarioPath,
    replayCommand: bundle.replayCommand,
    steps: repro.scenario.steps.length,
    blame: d.blame,
  };
  return { ...result, disagreement: { ...d, repro: summary } };
}

/** Writes `<outDir>/run-result.json` and returns its path. */
export async function writeRunResult(outDir: string, result: RunResult): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'run-result.json');
  await writeFile(path, JSON.stringify(result, null, 2) + '\n');
  return path;
}

/** Runs, then (with `outDir`) writes the repro bundle and `run-result.json`. */
export async function runAndRecord(options: RecordRunOptions): Promise<RunResult> {
  const run = await runConformance(options);
  if (options.outDir === null) return run.result;
  const result = await writeRunRepro(run, options.outDir);
  await writeRunResult(options.outDir, result);
  return result;
}
