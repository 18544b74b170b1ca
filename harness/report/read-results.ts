/**
 * Reads `run-result.json` files (and the repro bundles they name) into report columns.
 * Bad input is returned as data with a message naming the file, the field and what to do.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { absoluteDriverSpec, netconformCommand } from '../repro/replay-command.ts';
import { parseReproSteps } from '../repro/steps-file.ts';
import { stepRows } from '../repro/steps-table.ts';
import { RunResult, type DisagreementSummary } from '../runner/run-result.ts';
import type { BlameRecord } from '../runner/step-record.ts';
import { columnFromRunResult } from './from-run-result.ts';
import { issues, readJson, type Loaded } from './read-json.ts';
import type { ColumnResult, EnvironmentView, ReproView } from './report-data.ts';

const RunEnvironment = z.object({
  netconform: z.string().optional(),
  node: z.string().optional(),
  kernel: z.string().optional(),
  nft: z.string().optional(),
  conntrack: z.string().optional(),
});

/** `DIR/run-result.json` for a directory, the path itself for a file. */
export function runResultPath(dirOrFile: string): string {
  return existsSync(dirOrFile) && statSync(dirOrFile).isDirectory()
    ? join(dirOrFile, 'run-result.json')
    : dirOrFile;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The blame fields of a repro view. */
const blameView = (b: BlameRecord): Pick<ReproView, 'violated' | 'involved' | 'undetermined'> => ({
  violated: b.violated,
  involved: b.involved,
  undetermined: b.undetermined,
});

async function optionalText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function loadRepro(
  found: DisagreementSummary,
  resultsDir: string,
  result: RunResult,
): Promise<ReproView> {
  const repro = found.repro;
  if (repro === null) {
    // No bundle was written: show the failing (unshrunk) run so the table is not empty.
    const run = result.runs.find((r) => r.index === found.runIndex);
    return {
      path: null,
      ...blameView(found.blame),
      replayCommand:
        netconformCommand([
          'run',
          '--seed',
          String(result.seed),
          '--profile',
          result.profile,
          '--driver',
          absoluteDriverSpec(result.driver),
          '--backend',
          result.backend,
          '--out',
          'DIR',
        ]) + ' (no repro bundle was written: pass --out)',
      rows: stepRows(run?.steps ?? []),
      tableText: null,
      scenario: null,
    };
  }
  // The bundle moves with the results directory (CI artifacts): look there too.
  const dirs = [repro.dir, join(resultsDir, 'repros', basename(repro.dir))];
  const dir = dirs.find((d) => existsSync(d)) ?? null;
  let rows: ReproView['rows'] = [];
  let tableText: string | null = null;
  let scenario: unknown = null;
  if (dir !== null) {
    const stepsJson = await optionalText(join(dir, 'steps.json'));
    const parsed = stepsJson === null ? null : parseReproSteps(stepsJson);
    if (parsed?.ok === true) rows = stepRows(parsed.steps);
    else if (parsed?.ok === false)
      tableText = `(${join(dir, 'steps.json')} is not a step table: ${parsed.message})`;
    // Bundles written before steps.json existed keep only the text table.
    else tableText = await optionalText(join(dir, 'steps.txt'));
    const scenarioText = await optionalText(join(dir, basename(repro.scenarioPath)));
    scenario = scenarioText === null ? null : parseOrNull(scenarioText);
  }
  return {
    path: repro.scenarioPath,
    ...blameView(repro.blame),
    replayCommand: repro.replayCommand,
    rows,
    tableText:
      dir === null ? `(repro bundle not found: looked in ${dirs.join(' and ')})` : tableText,
    scenario,
  };
}

async function runEnvironment(
  raw: unknown,
  resultsDir: string,
  found: DisagreementSummary | null,
): Promise<EnvironmentView> {
  const declared = RunEnvironment.safeParse((raw as { environment?: unknown }).environment);
  if (declared.success) return { ...declared.data, collectedOn: 'run' };
  // Repro bundles record the run host's versions in meta.json.
  if (found?.repro === null || found === null) return {};
  const meta = await readJson(join(resultsDir, 'repros', basename(found.repro.dir), 'meta.json'));
  const versions =
    meta.kind === 'loaded'
      ? RunEnvironment.safeParse((meta.value as { versions?: unknown }).versions)
      : null;
  return versions?.success === true ? { ...versions.data, collectedOn: 'run' } : {};
}

/** Loads one run result (a results directory or a run-result.json file). */
export async function loadRunResult(dirOrFile: string): Promise<Loaded<ColumnResult>> {
  const file = runResultPath(dirOrFile);
  const resultsDir = file === dirOrFile ? join(file, '..') : dirOrFile;
  const raw = await readJson(file);
  if (raw.kind === 'invalid')
    return {
      kind: 'invalid',
      message: `${raw.message}; pass the --out directory of a \`netconform run\``,
    };
  const parsed = RunResult.safeParse(raw.value);
  if (!parsed.success)
    return {
      kind: 'invalid',
      message: `${file} is not a netconform run result: ${issues(parsed.error)}`,
    };
  const result = parsed.data;
  const repros =
    result.disagreement === null ? [] : [await loadRepro(result.disagreement, resultsDir, result)];
  const environment = await runEnvironment(raw.value, resultsDir, result.disagreement);
  return { kind: 'loaded', value: columnFromRunResult(result, repros, environment) };
}
