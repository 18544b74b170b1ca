import { describe, expect, it } from 'vitest';
import { defaultJobs } from '../../../harness/cli/options/jobs-flag.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import { parseMutantsFlags, type RawMutantsFlags } from '../../../harness/cli/options/index.ts';

const defaults: RawMutantsFlags = {
  budget: '200',
  backend: 'netns',
  profile: 'safespring',
  shard: '1/1',
  maxSteps: '8',
  maxInstances: '4',
  maxSites: '2',
  probeTimeout: '300',
  shrinkTime: '30',
  out: 'reports',
};

function message(flags: Partial<RawMutantsFlags>): string {
  try {
    parseMutantsFlags({ ...defaults, ...flags });
  } catch (error) {
    if (error instanceof UsageError && error.exitCode === 2) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError with exit code 2');
}

describe('parseMutantsFlags', () => {
  it('applies the defaults and draws a random seed when none is given', () => {
    expect(parseMutantsFlags(defaults, () => 0.25)).toEqual({
      budget: 200,
      seed: 2 ** 30,
      seedWasRandom: true,
      only: undefined,
      backend: 'netns',
      profile: 'safespring',
      shard: { index: 1, count: 1 },
      maxSteps: 8,
      maxInstances: 4,
      maxSites: 2,
      probeTimeoutMs: 300,
      shrinkTimeLimitMs: 30_000,
      shrinkGoalSteps: null,
      out: 'reports',
      json: false,
      jobs: defaultJobs(),
    });
  });

  it('parses given values', () => {
    const flags = parseMutantsFlags({
      ...defaults,
      budget: '50',
      seed: '1',
      shard: '2/3',
      only: 'stateless',
      json: true,
    });
    expect(flags).toMatchObject({
      budget: 50,
      seed: 1,
      seedWasRandom: false,
      shard: { index: 2, count: 3 },
      only: 'stateless',
      json: true,
    });
  });

  it('reads --shrink-goal as a step count, and 0 as none', () => {
    const goal = (shrinkGoal: string) =>
      parseMutantsFlags({ ...defaults, seed: '1', shrinkGoal }).shrinkGoalSteps;
    expect(goal('6')).toBe(6);
    expect(goal('0')).toBeNull();
  });

  it('reads --shrink-time 0 as no limit', () => {
    expect(
      parseMutantsFlags({ ...defaults, seed: '1', shrinkTime: '0' }).shrinkTimeLimitMs,
    ).toBeNull();
  });

  it.each([
    [{ budget: '0' }, '--budget'],
    [{ budget: 'many' }, '--budget'],
    [{ seed: '-1' }, '--seed'],
    [{ seed: '4294967296' }, '--seed'],
    [{ shard: '3/2' }, '--shard'],
    [{ profile: 'aws' }, '--profile'],
    [{ maxSteps: '0' }, '--max-steps'],
    [{ maxInstances: 'x' }, '--max-instances'],
    [{ probeTimeout: '5' }, '--probe-timeout'],
    [{ out: ' ' }, '--out'],
    [{ shrinkTime: '-5' }, '--shrink-time'],
    [{ shrinkGoal: 'few' }, '--shrink-goal'],
    [{ shrinkGoal: '-1' }, '--shrink-goal'],
  ] as [Partial<RawMutantsFlags>, string][])('rejects %o naming %s', (flags, flag) => {
    expect(message(flags)).toContain(flag);
  });
});
