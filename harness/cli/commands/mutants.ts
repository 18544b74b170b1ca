/**
 * `netconform mutants`: runs every built-in mutant driver with the same seed and run
 * budget, prints who was caught (and how fast) and the mutation score, and writes
 * `<out>/mutation-result.json` and, like `run`, `<out>/compliance.html`,
 * `<out>/allure-results/` and `--junit FILE`. Exit 0 all caught, 1 a mutant missed,
 * 2 bad flags, 4 a driver error.
 */
import type { Command } from 'commander';
import { withGenerationOptions } from '../options/generation-flags.ts';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import { parseMutantsFlags, type RawMutantsFlags } from '../options/mutants-flags.ts';
import { jobsHelp } from '../options/jobs-flag.ts';
import { PROFILE_HELP } from '../options/parse-flags.ts';
import { mutantsFor } from '../../../containers/drivers/index.ts';
import {
  formatMutantDone,
  formatMutationReport,
  runMutants,
  selectOnly,
  shardMutants,
  type MutationResult,
} from '../../mutation/index.ts';
import { formatProgressLine, type ProgressEvent } from '../../progress/index.ts';
import { writeMutantsReports } from '../../report/index.ts';
import { ExitCode } from '../../dataplane/exit-codes.ts';
import { prepareOutDir } from '../options/out-dir.ts';
import { preflightBackend, resolveBackend, resolveDriverFactory } from '../options/wiring.ts';
import { join } from 'node:path';

/** Plain progress lines: at most one per 30 s per mutant, plus the start of shrinking. */
function progressPrinter(): (event: ProgressEvent) => void {
  let last = performance.now();
  let phase: ProgressEvent['phase'] = 'running';
  return (event) => {
    const now = performance.now();
    const entersShrink = event.phase === 'shrinking' && phase !== 'shrinking';
    phase = event.phase;
    if (event.phase === 'done' || (!entersShrink && now - last < 30_000)) return;
    last = now;
    process.stderr.write(`  ${formatProgressLine(event, false)}\n`);
  };
}

/** Driver errors first (no verdict), then misses. */
function exitCode(result: MutationResult): number {
  if (result.mutants.some((m) => m.status === 'driver-error')) return ExitCode.driverError;
  if (result.mutants.some((m) => m.status === 'missed')) return ExitCode.disagreement;
  return ExitCode.ok;
}

async function mutants(raw: RawMutantsFlags & { readonly junit?: string }): Promise<void> {
  const flags = parseMutantsFlags(raw);
  const out = await prepareOutDir('--out', flags.out);
  // Mutants of another profile's promises cannot be caught on this one.
  const forProfile = mutantsFor(flags.profile);
  const selected = shardMutants(selectOnly(forProfile, flags.only), flags.shard);
  const backend = resolveBackend(flags.backend);
  await preflightBackend(backend);

  process.stderr.write(
    `netconform mutants: ${selected.length} mutant${selected.length === 1 ? '' : 's'}, ` +
      `profile ${flags.profile}, backend ${backend.name}, seed ${flags.seed}` +
      `${flags.seedWasRandom ? ` (random; pass --seed ${flags.seed} to repeat)` : ''}, ` +
      `budget ${flags.budget} runs each, shard ${flags.shard.index}/${flags.shard.count}, ` +
      `${flags.jobs} job${flags.jobs === 1 ? '' : 's'}\n`,
  );
  let printProgress = progressPrinter();
  const result = await runMutants({
    mutants: selected,
    backend,
    driverFactoryFor: resolveDriverFactory,
    profile: flags.profile,
    budget: flags.budget,
    seed: flags.seed,
    shard: flags.shard,
    jobs: flags.jobs,
    maxSteps: flags.maxSteps,
    maxInstances: flags.maxInstances,
    maxSites: flags.maxSites,
    probeTimeoutMs: flags.probeTimeoutMs,
    ...(flags.plumbing === undefined ? {} : { plumbing: flags.plumbing }),
    shrinkTimeLimitMs: flags.shrinkTimeLimitMs,
    shrinkGoalSteps: flags.shrinkGoalSteps,
    outDir: out,
    onMutantStart: (mutant, position, total) => {
      printProgress = progressPrinter();
      process.stderr.write(`[${position}/${total}] ${mutant.name}: running...\n`);
    },
    onProgress: (_mutant, event) => printProgress(event),
    onMutantDone: (outcome, position, total) =>
      process.stderr.write(`${formatMutantDone(outcome, position, total)}\n`),
  });
  const written = await writeMutantsReports(result, {
    outDir: out,
    junitPath: raw.junit ?? null,
  });
  const paths = [
    `results: ${join(out, 'mutation-result.json')}`,
    `compliance report: ${written.html}, allure results: ${written.allureDir}` +
      (written.junit === null ? '' : `, junit: ${written.junit}`),
  ];
  if (flags.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    process.stderr.write(paths.join('\n') + '\n');
  } else {
    process.stdout.write([...formatMutationReport(result), ...paths].join('\n') + '\n');
  }
  process.exitCode = exitCode(result);
}

/** Registers `mutants`. */
export function registerMutantsCommand(program: Command): void {
  withDataplaneOptions(
    withGenerationOptions(
      program
        .command('mutants')
        .description(
          'Run every built-in mutant driver with one seed and run budget; print which are caught, ' +
            'how fast, and the mutation score. Exit 0 all caught, 1 a mutant missed, 2 bad flags, ' +
            '4 driver error.',
        )
        .option('--budget <n>', 'generated scenarios each mutant may use', '200')
        .option('--seed <n>', 'run seed for every mutant, 0..4294967295 (default: random, printed)')
        .option('--only <names>', 'comma-separated mutant names to run (default: all)')
        .option('--profile <name>', PROFILE_HELP, 'safespring')
        .option('--shard <i/n>', 'run only mutants k with k % n == i - 1', '1/1')
        .option('--jobs <n>', `${jobsHelp()}; mutants still run one after the other`),
    )
      .option(
        '--shrink-time <sec>',
        'shrinking time per caught mutant; the smallest repro so far is kept (0: no limit)',
        '30',
      )
      .option(
        '--shrink-goal <steps>',
        'stop shrinking once the repro has at most this many steps and a determined blame (default and 0: shrink on)',
      )
      .option(
        '--out <dir>',
        'output directory for mutation-result.json, mutants/<name>/, compliance.html and allure-results/ (apart from `run`, whose report lives in reports/)',
        'reports/mutation',
      )
      .option('--junit <file>', 'also write JUnit XML (one testcase per mutant) here')
      .option('--json', 'print mutation-result.json to stdout instead of the table'),
    { driver: false },
  ).action(mutants);
}
