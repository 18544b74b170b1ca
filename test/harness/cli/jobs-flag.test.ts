import { describe, expect, it } from 'vitest';
import { defaultJobs, parseJobsFlag } from '../../../harness/cli/options/jobs-flag.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';

describe('--jobs', () => {
  it('defaults to 6 per core, at most one per 512 MiB free, within 1..12', () => {
    expect(defaultJobs({ cores: 2, freeMemoryMb: 16_000 })).toBe(12);
    expect(defaultJobs({ cores: 1, freeMemoryMb: 16_000 })).toBe(6);
    expect(defaultJobs({ cores: 2, freeMemoryMb: 4_000 })).toBe(7);
    expect(defaultJobs({ cores: 4, freeMemoryMb: 1_100 })).toBe(2);
    expect(defaultJobs({ cores: 1, freeMemoryMb: 300 })).toBe(1);
    expect(defaultJobs({ cores: 64, freeMemoryMb: 256_000 })).toBe(12);
    expect(parseJobsFlag(undefined, { cores: 2, freeMemoryMb: 16_000 })).toBe(12);
  });

  it('takes 1..32 and names the flag otherwise', () => {
    expect(parseJobsFlag('3')).toBe(3);
    for (const bad of ['0', '33', 'two', '-1']) {
      expect(() => parseJobsFlag(bad)).toThrow(UsageError);
      expect(() => parseJobsFlag(bad)).toThrow(/--jobs must be an integer 1\.\.32/);
    }
  });

  it('takes its default from $NETCONFORM_JOBS when set, naming it when bad; --jobs wins', () => {
    const machine = { cores: 2, freeMemoryMb: 16_000 };
    process.env.NETCONFORM_JOBS = '3';
    try {
      expect(parseJobsFlag(undefined, machine)).toBe(3);
      expect(parseJobsFlag('5', machine)).toBe(5);
      process.env.NETCONFORM_JOBS = 'many';
      expect(() => parseJobsFlag(undefined, machine)).toThrow(
        /NETCONFORM_JOBS must be an integer 1\.\.32/,
      );
      process.env.NETCONFORM_JOBS = '';
      expect(parseJobsFlag(undefined, machine)).toBe(12);
    } finally {
      delete process.env.NETCONFORM_JOBS;
    }
  });
});
