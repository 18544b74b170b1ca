import { describe, expect, it } from 'vitest';
import { parseRunFlags, type RawRunFlags } from '../../../harness/cli/options/run-flags.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';

const defaults: RawRunFlags = {
  profile: 'safespring',
  driver: 'reference',
  backend: 'netns',
  runs: '100',
  maxSteps: '8',
  maxInstances: '4',
  maxSites: '1',
  shard: '1/1',
  probeTimeout: '300',
  out: 'reports',
};

function error(flags: Partial<RawRunFlags>): UsageError {
  try {
    parseRunFlags({ ...defaults, ...flags });
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('parseRunFlags', () => {
  it('applies the documented defaults and draws a random seed when none is given', () => {
    const flags = parseRunFlags(defaults, () => 0.5);
    expect(flags).toMatchObject({
      profile: 'safespring',
      runs: 100,
      seed: 2 ** 31,
      seedWasRandom: true,
      maxSteps: 8,
      maxInstances: 4,
      timeLimitMs: null,
      shard: { index: 1, count: 1 },
      probeTimeoutMs: 300,
      out: 'reports',
    });
    expect(parseRunFlags({ ...defaults, seed: '7', timeLimit: '60', shard: '2/4' })).toMatchObject({
      seed: 7,
      seedWasRandom: false,
      timeLimitMs: 60_000,
      shard: { index: 2, count: 4 },
    });
  });

  it.each([
    [{ runs: '0' }, '--runs'],
    [{ runs: 'ten' }, '--runs'],
    [{ seed: '-1' }, '--seed'],
    [{ seed: '4294967296' }, '--seed'],
    [{ maxSteps: '0' }, '--max-steps'],
    [{ maxSteps: '9999' }, '--max-steps'],
    [{ maxInstances: '1.5' }, '--max-instances'],
    [{ maxSites: '9' }, '--max-sites'],
    [{ timeLimit: '0' }, '--time-limit'],
    [{ shard: '0/2' }, '--shard'],
    [{ shard: '3/2' }, '--shard'],
    [{ shard: '1-2' }, '--shard'],
    [{ probeTimeout: '5' }, '--probe-timeout'],
    [{ profile: 'aws' }, '--profile'],
    [{ out: ' ' }, '--out'],
  ] as const)('rejects %o naming %s, with exit code 2', (flags, name) => {
    const e = error(flags);
    expect(e.message).toContain(name);
    expect(e.exitCode).toBe(2);
  });

  it('says what to pass instead', () => {
    expect(error({ shard: '3/2' }).message).toMatch(/e\.g\. --shard 2\/4/);
    expect(error({ profile: 'aws' }).message).toMatch(/safespring, cloudstack/);
  });
});
