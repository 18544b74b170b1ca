/** A run record's seed is `runSeed` (as in the disagreement summary); old files still read. */
import { describe, expect, it } from 'vitest';
import { RunRecord } from '../../../harness/runner/index.ts';

const record = {
  index: 3,
  verdict: 'agree',
  dataplane: 'created',
  stepCount: 0,
  instanceCount: 2,
  durationMs: 1,
  steps: [],
  error: null,
  coverage: { requirements: [], features: [] },
};

describe('RunRecord.runSeed', () => {
  it('is read under its name', () => {
    expect(RunRecord.parse({ ...record, runSeed: 42 }).runSeed).toBe(42);
  });

  it('is read from files written with the old name `seed`', () => {
    const parsed = RunRecord.parse({ ...record, seed: 42 });
    expect(parsed.runSeed).toBe(42);
    expect(parsed).not.toHaveProperty('seed');
  });
});
