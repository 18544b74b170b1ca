/**
 * `netconform report compliance|allure|merge`: rebuilds the compliance page from
 * run-result.json and mutation-result.json files, turns Allure results into one
 * offline HTML file, and merges the results of `run`/`mutants --shard i/n` jobs.
 */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildReportData,
  collectEnvironment,
  generateAllureReport,
  loadResults,
  summaryLine,
  writeAllureResults,
  writeComplianceHtml,
  writeJunitXml,
  type ReportData,
} from '../../report/index.ts';
import { ExitCode, UsageError } from '../../dataplane/exit-codes.ts';
import { prepareOutDir, prepareOutFile } from '../options/out-dir.ts';

interface SharedFlags {
  readonly mutants?: string;
  readonly junit?: string;
  readonly allowPartial?: boolean;
}

/** `safespring/reference/netns: shard 2 of 3` for every shard absent from the merge. */
function missingShards(data: ReportData): string[] {
  const columns = data.columns
    .filter((c) => c.missingShards.length > 0)
    .map(
      (c) =>
        `${c.profile}/${c.driver}/${c.backend}: shard ${c.missingShards.join(', ')} of ${c.shards[0]?.count}`,
    );
  const m = data.mutation;
  const mutants =
    m === null || m.missingShards.length === 0
      ? []
      : [`mutants: shard ${m.missingShards.join(', ')} of ${m.shards[0]?.count}`];
  return [...columns, ...mutants];
}

/** Loads and merges `dirs`; `requireComplete` refuses missing shards unless --allow-partial. */
async function loadData(
  dirs: readonly string[],
  flags: SharedFlags,
  requireComplete = false,
): Promise<ReportData> {
  if (dirs.length === 0)
    throw new UsageError(
      'name at least one results directory (the --out of a `netconform run` or `netconform mutants`)',
    );
  const loaded = await loadResults(dirs, flags.mutants === undefined ? [] : [flags.mutants]);
  if (loaded.kind === 'invalid') throw new UsageError(loaded.message);
  const data = buildReportData({
    ...loaded.value,
    environment: await collectEnvironment('report'),
  });
  // A merge that silently lacks a shard would let a CI gate pass on part of the run.
  const missing = missingShards(data);
  if (requireComplete && missing.length > 0 && flags.allowPartial !== true)
    throw new UsageError(
      `incomplete results: ${missing.join('; ')} missing. Pass every shard's --out directory, ` +
        'or --allow-partial to build the report from the shards present (marked incomplete)',
    );
  for (const m of missing) process.stderr.write(`warning: ${m} missing\n`);
  return data;
}

function printSummary(data: ReportData): void {
  for (const column of data.columns)
    process.stdout.write(`${summaryLine(data.catalogue, column)}\n`);
  const m = data.mutation;
  if (m !== null)
    process.stdout.write(
      `mutants · ${m.result.profile} · ${m.result.backend}: ${m.result.score.caught}/${m.result.score.total} caught\n`,
    );
}

/** The verdicts of the columns and of the mutation result (missed = disagree). */
function verdicts(data: ReportData): string[] {
  const mutants = data.mutation?.result.mutants ?? [];
  return [
    ...data.columns.map((c) => c.verdict),
    ...mutants.map((m) => (m.status === 'missed' ? 'disagree' : m.status)),
  ];
}

async function compliance(flags: SharedFlags & { results: string[]; out: string }): Promise<void> {
  await prepareOutFile('--out', flags.out);
  const data = await loadData(flags.results, flags);
  await writeComplianceHtml(data, flags.out);
  if (flags.junit !== undefined) await writeJunitXml(data, flags.junit);
  printSummary(data);
  process.stdout.write(`compliance report: ${flags.out}\n`);
}

async function allure(flags: { results: string; out: string; name: string }): Promise<void> {
  await prepareOutFile('--out', flags.out);
  const outcome = await generateAllureReport(flags.results, flags.out, flags.name);
  if (outcome.kind === 'failed') throw new UsageError(outcome.message);
  process.stdout.write(`allure report: ${outcome.file}\n`);
}

const verdictExit: Record<string, ExitCode> = {
  disagree: ExitCode.disagreement,
  'driver-error': ExitCode.driverError,
  inconclusive: ExitCode.inconclusive,
};

async function merge(dirs: string[], flags: SharedFlags & { out: string }): Promise<void> {
  await prepareOutDir('--out', flags.out);
  const data = await loadData(dirs, flags, true);
  const html = join(flags.out, 'compliance.html');
  const allureDir = join(flags.out, 'allure-results');
  await writeComplianceHtml(data, html);
  const results = await writeAllureResults(data, allureDir);
  await writeFile(
    join(flags.out, 'merged-result.json'),
    JSON.stringify(data.columns, null, 2) + '\n',
  );
  if (flags.junit !== undefined) await writeJunitXml(data, flags.junit);
  printSummary(data);
  process.stdout.write(
    `compliance report: ${html}\nallure results: ${allureDir} (${results} results)\n`,
  );
  // The merged verdict, so a CI merge job can be the single gate.
  const all = verdicts(data);
  const worst = ['disagree', 'driver-error', 'inconclusive'].find((v) => all.includes(v));
  process.exitCode = worst === undefined ? ExitCode.ok : (verdictExit[worst] ?? ExitCode.ok);
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `report` and its subcommands. */
export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('Build compliance, Allure and JUnit reports from run results.');
  report
    .command('compliance')
    .description(
      'Rebuild the self-contained compliance HTML page from run-result.json and mutation-result.json files.',
    )
    .option(
      '--results <dir>',
      'a run or mutants --out directory, or its run-result.json / mutation-result.json (repeatable)',
      collect,
      [],
    )
    .option('--out <file>', 'HTML file to write', join('reports', 'compliance.html'))
    .option(
      '--mutants <path>',
      'add the mutation-score section from this mutants --out directory or mutation-result.json',
    )
    .option('--junit <file>', 'also write JUnit XML here')
    .action(async (flags: SharedFlags & { results: string[]; out: string }) =>
      compliance({ ...flags, results: flags.results.length === 0 ? ['reports'] : flags.results }),
    );
  report
    .command('allure')
    .description('Generate one offline Allure HTML file (allure awesome --single-file).')
    .option('--results <dir>', 'Allure results directory', join('reports', 'allure-results'))
    .option('--out <file>', 'HTML file to write', join('reports', 'allure-report.html'))
    .option('--name <name>', 'report name', 'netconform')
    .action(allure);
  report
    .command('merge')
    .description(
      'Merge the results of `run --shard i/n` and `mutants --shard i/n` jobs (same seed) into one report: ' +
        'compliance.html, allure-results/ and merged-result.json. Exit 2 when the results cannot be merged ' +
        'or a shard is missing (unless --allow-partial), ' +
        'else the merged verdict (0, 1 disagreement or missed mutant, 3, 4).',
    )
    .argument('<dirs...>', 'run or mutants --out directories (or their result JSON files)')
    .option('--out <dir>', 'directory to write', join('reports', 'merged'))
    .option(
      '--mutants <path>',
      'add the mutation-score section from this mutants --out directory or mutation-result.json',
    )
    .option('--junit <file>', 'also write JUnit XML here')
    .option(
      '--allow-partial',
      'merge even when shards of a --shard i/n split are missing (default: exit 2 naming them)',
    )
    .action(merge);
}
