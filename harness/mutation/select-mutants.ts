/** Which mutants a `mutants` invocation runs: `--only` names, then `--shard` by index. */
import { mutantNameOf } from '../dataplane/driver-spec.ts';
import { UsageError } from '../dataplane/exit-codes.ts';
import { shardRuns, type Shard } from '../runner/index.ts';

/**
 * The mutants `--only NAME[,NAME]` names, in catalogue order; all when `raw` is
 * undefined. Unknown or empty names throw `UsageError` (exit 2) listing the valid ones.
 */
export function selectOnly<M extends { readonly name: string }>(
  catalogue: readonly M[],
  raw: string | undefined,
): M[] {
  if (raw === undefined) return [...catalogue];
  const valid = catalogue.map((m) => m.name);
  const names = raw.split(',').map((n) => mutantNameOf(n.trim()));
  if (names.some((n) => n === '')) {
    throw new UsageError(
      `--only must list mutant names separated by commas, got "${raw}"; valid names: ${valid.join(', ')}`,
    );
  }
  const unknown = names.filter((n) => !valid.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `--only names unknown mutant${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ` +
        `valid names: ${valid.join(', ')}`,
    );
  }
  return catalogue.filter((m) => names.includes(m.name));
}

/** The mutants shard `shard` owns: those at positions k with k % count == index - 1. */
export function shardMutants<M>(mutants: readonly M[], shard: Shard): M[] {
  return shardRuns(mutants.length, shard).map((k) => mutants[k] as M);
}
