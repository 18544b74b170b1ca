/**
 * Loads what the `report` commands are given: `run` and `mutants` output directories
 * (or their `run-result.json` / `mutation-result.json`), with shards merged.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { mergeColumns } from './merge-columns.ts';
import { mergeMutationResults } from './merge-mutation.ts';
import type { Loaded } from './read-json.ts';
import { loadMutationResult, type LoadedMutation } from './read-mutation.ts';
import { loadRunResult } from './read-results.ts';
import type { ColumnResult, MutationView } from './report-data.ts';

export interface LoadedResults {
  readonly columns: readonly ColumnResult[];
  readonly mutation: MutationView | null;
}

type Kind = 'run' | 'mutation';

/** Which result files `path` holds; a file is a mutation result only by its name. */
function kinds(path: string): Kind[] {
  if (!existsSync(path) || !statSync(path).isDirectory())
    return [basename(path) === 'mutation-result.json' ? 'mutation' : 'run'];
  const found: Kind[] = [];
  if (existsSync(join(path, 'run-result.json'))) found.push('run');
  if (existsSync(join(path, 'mutation-result.json'))) found.push('mutation');
  return found;
}

/** Loads and merges `paths`; `mutationPaths` are read as mutation results only. */
export async function loadResults(
  paths: readonly string[],
  mutationPaths: readonly string[] = [],
): Promise<Loaded<LoadedResults>> {
  const columns: ColumnResult[] = [];
  const mutations: LoadedMutation[] = [];
  const inputs: [string, Kind[]][] = [
    ...paths.map((p): [string, Kind[]] => [p, kinds(p)]),
    ...mutationPaths.map((p): [string, Kind[]] => [p, ['mutation']]),
  ];
  for (const [path, found] of inputs) {
    if (found.length === 0)
      return {
        kind: 'invalid',
        message: `${path} holds neither run-result.json nor mutation-result.json; pass the --out directory of a \`netconform run\` or \`netconform mutants\``,
      };
    if (found.includes('run')) {
      const run = await loadRunResult(path);
      if (run.kind === 'invalid') return run;
      columns.push(run.value);
    }
    if (found.includes('mutation')) {
      const mutation = await loadMutationResult(path);
      if (mutation.kind === 'invalid') return mutation;
      mutations.push(mutation.value);
    }
  }
  const merged = mergeColumns(columns);
  if (merged.kind === 'conflict')
    return { kind: 'invalid', message: `cannot merge: ${merged.message}` };
  if (mutations.length === 0)
    return { kind: 'loaded', value: { columns: merged.columns, mutation: null } };
  const mutation = mergeMutationResults(mutations);
  if (mutation.kind === 'conflict')
    return { kind: 'invalid', message: `cannot merge: ${mutation.message}` };
  return { kind: 'loaded', value: { columns: merged.columns, mutation: mutation.view } };
}
