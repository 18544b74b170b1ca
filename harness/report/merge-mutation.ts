/**
 * Merges the mutation results of `mutants --shard i/n` jobs: the union of their mutants
 * (in catalogue order) with the score recomputed. Only shards of one invocation merge
 * (same profile, backend, seed, budget and limits, distinct shards of one count);
 * anything else is refused, as data, with a message that says what to do.
 */
import type { MutationResult } from '../mutation/mutation-result.ts';
import { mutationScore } from '../mutation/score.ts';
import type { LoadedMutation } from './read-mutation.ts';
import type { MutationView } from './report-data.ts';

export type MutationMergeOutcome =
  | { readonly kind: 'merged'; readonly view: MutationView }
  | { readonly kind: 'conflict'; readonly message: string };

const runKey = (r: MutationResult): string =>
  JSON.stringify([r.profile, r.backend, r.seed, r.budget, r.limits]);
const describe = (r: MutationResult): string =>
  `${r.profile}/${r.backend} seed ${r.seed} budget ${r.budget} limits ${JSON.stringify(r.limits)}`;

function conflict(parts: readonly LoadedMutation[]): string | null {
  const first = parts[0]!.result;
  const other = parts.find((p) => runKey(p.result) !== runKey(first));
  if (other !== undefined)
    return `mutation results come from different runs (${describe(first)} vs ${describe(other.result)}); merge only the --shard i/n results of one \`netconform mutants\` invocation`;
  const counts = [...new Set(parts.map((p) => p.result.shard.count))];
  if (counts.length > 1)
    return `mutation results come from different shard counts (${counts.join(', ')}); merge the shards of one --shard i/n split`;
  const seen = new Set<number>();
  for (const { shard } of parts.map((p) => p.result)) {
    if (seen.has(shard.index))
      return `mutants shard ${shard.index}/${shard.count} is given twice; pass each shard's results once`;
    seen.add(shard.index);
  }
  return null;
}

/** Merges one or more loaded mutation results (one is fine: its missing shards are noted). */
export function mergeMutationResults(parts: readonly LoadedMutation[]): MutationMergeOutcome {
  const first = parts[0];
  if (first === undefined) throw new Error('mergeMutationResults needs at least one result');
  const problem = conflict(parts);
  if (problem !== null) return { kind: 'conflict', message: problem };
  const count = first.result.shard.count;
  // Shard i holds the mutants at positions i-1, i-1+n, ...: interleave them back.
  const mutants = parts
    .flatMap(({ result }) =>
      result.mutants.map((m, j) => ({ m, position: result.shard.index - 1 + j * count })),
    )
    .sort((a, b) => a.position - b.position)
    .map(({ m }) => m);
  const shards = parts.map((p) => p.result.shard).sort((a, b) => a.index - b.index);
  const present = new Set(shards.map((s) => s.index));
  const { shard: _shard, ...base } = first.result;
  return {
    kind: 'merged',
    view: {
      result: {
        ...base,
        startedAt: parts.map((p) => p.result.startedAt).sort()[0] ?? base.startedAt,
        // Shards run side by side: the wall time is the slowest shard's.
        durationMs: Math.max(...parts.map((p) => p.result.durationMs)),
        score: mutationScore(mutants),
        mutants,
      },
      repros: Object.assign({}, ...parts.map((p) => p.repros)) as MutationView['repros'],
      shards,
      missingShards: Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i)),
    },
  };
}
