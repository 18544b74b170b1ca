/** What `run` prints at the end says why runs were inconclusive when no dataplane was built. */
import { describe, expect, it } from 'vitest';
import { syntheticRunResult } from '../../../fixtures/index.ts';
import { runSummaryLines } from '../../../harness/cli/commands/run.ts';

describe('run summary', () => {
  it('names how many runs could not build a dataplane, and the first reason', () => {
    const result = syntheticRunResult({ runs: 3 });
    expect(runSummaryLines(result, 'out').join('\n')).not.toContain('could not build');
    const failed = (k: number) => ({
      ...result.runs[k]!,
      verdict: 'inconclusive' as const,
      dataplane: 'failed' as const,
      steps: [],
      error: `building the dataplane failed: engine gone ${k}`,
    });
    const lines = runSummaryLines(
      { ...result, runs: [result.runs[0]!, failed(1), failed(2)] },
      'out',
    );
    expect(lines).toContain(
      '2 runs could not build a dataplane (inconclusive); run 1: building the dataplane failed: engine gone 1',
    );
  });
});
