import { describe, expect, it } from 'vitest';
import {
  columnFromRunResult,
  mergeColumns,
  type ColumnResult,
} from '../../../harness/report/index.ts';
import { syntheticRunResult } from '../../../fixtures/synthetic-results.ts';

const column = (
  runs: number,
  shard?: { index: number; count: number },
  seed = 42,
  driver = 'reference',
) => columnFromRunResult(syntheticRunResult({ runs, shard, seed, driver }), []);

function merged(parts: readonly ColumnResult[]): readonly ColumnResult[] {
  const outcome = mergeColumns(parts);
  if (outcome.kind !== 'merged') throw new Error(outcome.message);
  return outcome.columns;
}

describe('mergeColumns', () => {
  it('three shards of one seed add up to the unsharded run', () => {
    const whole = column(20);
    const shards = [1, 2, 3].map((index) => column(20, { index, count: 3 }));
    // each shard alone differs from the whole
    expect(shards[0]!.requirements).not.toEqual(whole.requirements);
    const [one] = merged([shards[2]!, shards[0]!, shards[1]!]);
    expect(one!.requirements).toEqual(whole.requirements);
    expect(one!.steps).toBe(whole.steps);
    expect(one!.runs).toBe(20);
    expect(one!.scenarios).toBe(whole.scenarios);
    expect(one!.inconclusiveSteps).toBe(whole.inconclusiveSteps);
    expect(one!.verdict).toBe(whole.verdict);
    expect(one!.shards.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(one!.missingShards).toEqual([]);
  });

  it('unites repros and keeps the worst verdict', () => {
    const repro = {
      path: null,
      violated: ['CT-REPLY'],
      involved: [],
      undetermined: false,
      replayCommand: 'x',
      rows: [],
      tableText: 't',
      scenario: null,
    };
    const a = { ...column(9, { index: 1, count: 2 }), verdict: 'disagree', repros: [repro] };
    const b = column(9, { index: 2, count: 2 });
    const [one] = merged([a, b]);
    expect(one!.verdict).toBe('disagree');
    expect(one!.repros).toEqual([repro]);
  });

  it('notes missing shards', () => {
    const [one] = merged([column(9, { index: 1, count: 3 }), column(9, { index: 3, count: 3 })]);
    expect(one!.missingShards).toEqual([2]);
  });

  it('keeps different drivers as separate columns, even with different seeds', () => {
    const columns = merged([
      column(5, undefined, 1, 'reference'),
      column(5, undefined, 2, 'mutant:stateless'),
    ]);
    expect(columns.map((c) => c.driver)).toEqual(['reference', 'mutant:stateless']);
  });

  it.each([
    [
      'different seeds',
      [column(6, { index: 1, count: 2 }, 1), column(6, { index: 2, count: 2 }, 2)],
      /different seeds \(1, 2\)/,
    ],
    [
      'the same shard twice',
      [column(6, { index: 1, count: 2 }), column(6, { index: 1, count: 2 })],
      /shard 1\/2 is given twice/,
    ],
    [
      'different shard counts',
      [column(6, { index: 1, count: 2 }), column(6, { index: 2, count: 3 })],
      /different shard counts/,
    ],
    ['two unsharded runs', [column(6), column(6)], /shard 1\/1 is given twice/],
  ])('refuses %s of one column', (_name, parts, message) => {
    const outcome = mergeColumns(parts);
    expect(outcome.kind).toBe('conflict');
    if (outcome.kind === 'conflict') expect(outcome.message).toMatch(message);
  });
});
