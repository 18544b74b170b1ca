import { describe, expect, it } from 'vitest';
import { mergeMutationResults } from '../../../harness/report/index.ts';
import { caught, loaded, missed, mutationResult } from '../../../fixtures/mutation-fixtures.ts';

// Catalogue order a..e; `--shard i/2` owns positions k with k % 2 == i - 1.
const shard1 = mutationResult([caught('a', 1000), caught('c', 3000), missed('e')], {
  index: 1,
  count: 2,
});
const shard2 = mutationResult([caught('b', 8000), caught('d', 2000)], { index: 2, count: 2 });

describe('mergeMutationResults', () => {
  it('unites the shards in catalogue order and recomputes the score', () => {
    const merged = mergeMutationResults([loaded(shard2), loaded(shard1)]);
    expect(merged.kind).toBe('merged');
    if (merged.kind !== 'merged') return;
    const { result, shards, missingShards, repros } = merged.view;
    expect(result.mutants.map((m) => m.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.score).toEqual({
      caught: 4,
      total: 5,
      percent: 80,
      medianTimeToCatchMs: 2500,
      worstTimeToCatchMs: 8000,
      medianTimeToShrinkMs: 5000,
    });
    expect(shards).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
    expect(missingShards).toEqual([]);
    expect(Object.keys(repros).sort()).toEqual(['a', 'b', 'c', 'd']);
    // Side by side: the earliest start, the slowest shard's wall time.
    expect(result.startedAt).toBe(shard1.startedAt);
    expect(result.durationMs).toBe(shard2.durationMs);
  });

  it('notes missing shards of a lone shard', () => {
    const merged = mergeMutationResults([loaded(shard2)]);
    expect(merged.kind === 'merged' && merged.view.missingShards).toEqual([1]);
    expect(merged.kind === 'merged' && merged.view.result.score.total).toBe(2);
  });

  it.each([
    ['different seeds', [shard1, mutationResult([], { index: 2, count: 2 }, 9)], /different runs/],
    ['the same shard twice', [shard1, shard1], /shard 1\/2 is given twice/],
    [
      'different shard counts',
      [shard1, mutationResult([], { index: 2, count: 3 })],
      /different shard counts \(2, 3\)/,
    ],
  ])('refuses %s', (_, parts, message) => {
    const merged = mergeMutationResults(parts.map(loaded));
    expect(merged.kind).toBe('conflict');
    expect(merged.kind === 'conflict' && merged.message).toMatch(message);
  });
});
