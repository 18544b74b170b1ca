/**
 * The compliance report's coverage section shows the run's unmet coverage targets, and
 * a merge of shards calls a target unmet only when no shard met it.
 */
import { describe, expect, it } from 'vitest';
import { coverageHtml } from '../../../harness/report/html-details.ts';
import { columnFromRunResult } from '../../../harness/report/from-run-result.ts';
import { mergeColumns } from '../../../harness/report/merge-columns.ts';
import { requirements } from '../../../spec/index.ts';
import { syntheticRunResult } from '../../../fixtures/synthetic-results.ts';

const shard = (index: number, unmet: string[]) => {
  const result = syntheticRunResult({ runs: 6, shard: { index, count: 2 } });
  return columnFromRunResult(
    { ...result, coverage: { ...result.coverage, targets: 5, unmetTargets: unmet } },
    [],
  );
};

describe('coverage targets in the report', () => {
  it('lists the unmet targets of a run and counts the met ones', () => {
    const html = coverageHtml(requirements, [shard(1, ['situation:NET-EXTERNAL:internet'])]);
    expect(html).toContain('<td>4/5</td>');
    expect(html).toContain('situation:NET-EXTERNAL:internet');
  });

  it('merges shards: unmet only when every shard missed it', () => {
    const merged = mergeColumns([
      shard(1, ['match:cidr-lo:outside', 'step:addRule:egress']),
      shard(2, ['step:addRule:egress']),
    ]);
    expect(merged.kind).toBe('merged');
    if (merged.kind !== 'merged') return;
    expect(merged.columns[0]?.coverage).toEqual({ targets: 5, unmet: ['step:addRule:egress'] });
    expect(coverageHtml(requirements, merged.columns)).toContain('<td>4/5</td>');
  });
});
