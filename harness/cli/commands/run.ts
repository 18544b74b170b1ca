/**
 * `netconform run`: generated scenarios against a driver until the first confirmed
 * disagreement, which is shrunk into a repro bundle under `<out>/repros/`. Writes
 * `<out>/run-result.json` for the report. A first Ctrl-C (SIGINT/SIGTERM) while
 * shrinking keeps the smallest repro so far, writes everything, then exits 130/143.
 */
import type { Command } from 'commander';
import { withGenerationOptions } from '../options/generation-flags.ts';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import { createProgressDisplay } from '../../progress/index.ts';
import { runAndRecord } from '../../repro/index.ts';
import { plumbingFor, type RunResult } from '../../runner/index.ts';
import { PROFILE_HELP, describePlumbing } from '../options/parse-flags.ts';
import { exitCodeFor } from '../options/check-exit-code.ts';
import { prepareOutDir } from '../options/out-dir.ts';
import { parseRunFlags, type RawRunFlags } from '../options/run-flags.ts';
import { jobsHelp } from '../options/jobs-flag.ts';
import {
  interceptSignals,
  preflightBackend,
  resolveBackend,
  resolveDriverFactory,
} from '../options/wiring.ts';
import { join } from 'node:path';
import { writeRunReports } from '../../report/index.ts';
import { describeBlame } from '../../repro/index.ts';

/** Conventional exit codes of a process ended by a signal. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** What `run` prints once the run is over, before the reports are written. */
export function runSummaryLines(result: RunResult, out: string): string[] {
  const t = result.totals;
  const lines = [
    `${t.runsExecuted}/${t.runsPlanned} runs, ${t.steps} steps (${t.trafficSteps} compared): ` +
      `${t.agree} agree, ${t.disagree} disagree, ${t.inconclusive} inconclusive ` +
      `(${t.unconfirmed} unconfirmed); ${t.scenariosPerSecond.toFixed(2)} scenarios/s, ` +
      `${(result.durationMs / 1000).toFixed(1)} s`,
  ];
  if (result.stoppedBy === 'time-limit') lines.push('stopped by --time-limit');
  // Without this line a run whose dataplanes failed to build reads as plain inconclusive.
  const unbuilt = result.runs.filter((r) => r.error !== null);
  const first = unbuilt[0];
  if (first !== undefined) {
    lines.push(
      `${unbuilt.length} run${unbuilt.length === 1 ? '' : 's'} could not build a dataplane ` +
        `(inconclusive); run ${first.index}: ${first.error}`,
    );
  }
  const d = result.disagreement;
  if (d !== null) {
    lines.push(
      `disagreement in run ${d.runIndex} after ${(d.foundAfterMs / 1000).toFixed(1)} s ` +
        `(${describeBlame(d.blame)}); shrunk ${d.originalSteps} -> ` +
        `${d.shrunkSteps} steps in ${(d.shrinkMs / 1000).toFixed(1)} s` +
        (d.shrinkInterrupted ? ' (cut short: the smallest repro so far was kept)' : ''),
    );
    if (d.repro !== null) {
      lines.push(`repro: ${d.repro.dir}`, `replay: ${d.repro.replayCommand}`);
    }
  }
  const e = result.driverError;
  if (e !== null) {
    const where = e.step === null ? 'the initial state' : `step ${e.step + 1}`;
    lines.push(`driver error in run ${e.runIndex} at ${where}: ${e.message}`);
  }
  lines.push(`results: ${join(out, 'run-result.json')}`, `verdict: ${result.verdict}`);
  return lines;
}

async function run(raw: RawRunFlags & { readonly junit?: string }): Promise<void> {
  const flags = parseRunFlags(raw);
  const out = await prepareOutDir('--out', flags.out);
  const backend = resolveBackend(flags.backend);
  const driverFactory = resolveDriverFactory(flags.driver);
  await preflightBackend(backend);

  process.stdout.write(
    `netconform run: profile ${flags.profile}, driver ${flags.driver}, backend ${backend.name}, ` +
      `plumbing ${describePlumbing(plumbingFor(flags.profile, flags.plumbing))}, ` +
      `seed ${flags.seed}${flags.seedWasRandom ? ` (random; pass --seed ${flags.seed} to repeat)` : ''}, ` +
      `shard ${flags.shard.index}/${flags.shard.count}, ${flags.runs} runs, ${flags.jobs} job${flags.jobs === 1 ? '' : 's'}\n`,
  );
  const display = createProgressDisplay({ output: process.stderr });
  const interrupt = new AbortController();
  let shrinking = false;
  let signal: keyof typeof SIGNAL_EXIT | null = null;
  const release = interceptSignals((received) => {
    if (!shrinking || signal !== null) return false;
    signal = received;
    process.stderr.write(
      `\nnetconform: ${received} while shrinking: keeping the smallest repro so far and ` +
        'writing the results (send it again to quit at once)\n',
    );
    interrupt.abort();
    return true;
  });
  let result: RunResult;
  try {
    result = await runAndRecord({
      backend,
      driverFactory,
      driver: flags.driver,
      profile: flags.profile,
      runs: flags.runs,
      seed: flags.seed,
      shard: flags.shard,
      maxSteps: flags.maxSteps,
      maxInstances: flags.maxInstances,
      maxSites: flags.maxSites,
      probeTimeoutMs: flags.probeTimeoutMs,
      plumbing: flags.plumbing,
      timeLimitMs: flags.timeLimitMs,
      shrinkTimeLimitMs: flags.shrinkTimeLimitMs,
      shrinkGoalSteps: flags.shrinkGoalSteps,
      jobs: flags.jobs,
      signal: interrupt.signal,
      outDir: out,
      onProgress: (event) => {
        shrinking = event.phase === 'shrinking';
        display.update(event);
      },
    });
  } finally {
    release();
    display.finish();
  }
  process.stdout.write(runSummaryLines(result, out).join('\n') + '\n');
  const written = await writeRunReports(result, {
    outDir: out,
    junitPath: raw.junit ?? null,
  });
  process.stdout.write(
    `compliance report: ${written.html}${written.junit === null ? '' : `, junit: ${written.junit}`}\n`,
  );
  process.exitCode = signal === null ? exitCodeFor(result.verdict) : SIGNAL_EXIT[signal];
}

/** Registers `run`. */
export function registerRunCommand(program: Command): void {
  withDataplaneOptions(
    withGenerationOptions(
      program
        .command('run')
        .description(
          'Run generated scenarios against a driver; shrink the first confirmed disagreement ' +
            'into a repro. Exit 0 all agree, 1 repro written, 2 bad flags, 3 inconclusive only, 4 driver error.',
        )
        .option('--profile <name>', PROFILE_HELP, 'safespring')
        .option('--runs <n>', 'number of generated scenarios (all shards together)', '100')
        .option('--seed <n>', 'run seed, 0..4294967295 (default: random, printed)'),
    )
      .option('--time-limit <sec>', 'wall-clock budget for the run, shrinking included')
      .option(
        '--shrink-time <sec>',
        'shrinking time once a disagreement is found; the smallest repro so far is kept (default and 0: no limit)',
      )
      .option(
        '--shrink-goal <steps>',
        'stop shrinking once the repro has at most this many steps and a determined blame (default and 0: shrink on)',
      )
      .option('--shard <i/n>', 'run only runs k with k % n == i - 1', '1/1')
      .option('--jobs <n>', jobsHelp())
      .option('--out <dir>', 'output directory for run-result.json and repros/', 'reports')
      .option('--junit <file>', 'also write JUnit XML (one testcase per requirement) here'),
  ).action(run);
}
