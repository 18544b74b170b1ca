/**
 * Reads `mutation-result.json` (written by `netconform mutants`) and the repro of each
 * caught mutant from its own run directory, `mutants/<name>/`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mutantOutDir } from '../mutation/mutant-outcome.ts';
import { MutationResult } from '../mutation/mutation-result.ts';
import { issues, readJson, type Loaded } from './read-json.ts';
import { loadRunResult } from './read-results.ts';
import type { ReproView } from './report-data.ts';

/** One `mutation-result.json` as read, before shards are merged. */
export interface LoadedMutation {
  readonly result: MutationResult;
  /** Repro of each caught mutant whose run directory was found, by mutant name. */
  readonly repros: Readonly<Record<string, ReproView>>;
}

/** `DIR/mutation-result.json` for a directory, the path itself for a file. */
export function mutationResultPath(dirOrFile: string): string {
  return existsSync(dirOrFile) && statSync(dirOrFile).isDirectory()
    ? join(dirOrFile, 'mutation-result.json')
    : dirOrFile;
}

/** The repros of `result`'s caught mutants; `resultsDir` is where the result now lies. */
export async function mutantRepros(
  result: MutationResult,
  resultsDir: string,
): Promise<Record<string, ReproView>> {
  const repros: Record<string, ReproView> = {};
  for (const mutant of result.mutants.filter((m) => m.caught)) {
    // The run directories move with the results directory (CI artifacts): look there first.
    const dirs = [mutantOutDir(resultsDir, mutant.name)];
    if (mutant.runResultPath !== null) dirs.push(dirname(mutant.runResultPath));
    const dir = dirs.find((d) => existsSync(join(d, 'run-result.json')));
    const loaded = dir === undefined ? null : await loadRunResult(dir);
    const repro = loaded?.kind === 'loaded' ? loaded.value.repros[0] : undefined;
    if (repro !== undefined) repros[mutant.name] = repro;
  }
  return repros;
}

/** Loads a `mutants --out` directory or its `mutation-result.json`. */
export async function loadMutationResult(dirOrFile: string): Promise<Loaded<LoadedMutation>> {
  const file = mutationResultPath(dirOrFile);
  const raw = await readJson(file);
  if (raw.kind === 'invalid')
    return {
      kind: 'invalid',
      message: `${raw.message}; pass the --out directory of a \`netconform mutants\``,
    };
  const parsed = MutationResult.safeParse(raw.value);
  if (!parsed.success)
    return {
      kind: 'invalid',
      message: `${file} is not a netconform mutation result: ${issues(parsed.error)}`,
    };
  const repros = await mutantRepros(parsed.data, dirname(file));
  return { kind: 'loaded', value: { result: parsed.data, repros } };
}
