import { describe, expect, it } from 'vitest';
import { DataplanePool, plumbingKey } from '../../../harness/runner/index.ts';
import type { ResolvedTopology } from '../../../spec/index.ts';
import { fakeBackend, observed, webScenario } from './fakes.ts';

const topology = webScenario().topology;
const withRules: ResolvedTopology = {
  ...topology,
  groups: [{ name: 'other', account: 'default', rules: [] }],
  instances: topology.instances.map((i) => ({ ...i, groups: ['other'] })),
};
const moved: ResolvedTopology = {
  ...topology,
  instances: topology.instances.map((i, n) => (n === 0 ? { ...i, ip: '198.51.100.20' } : i)),
};

describe('plumbingKey', () => {
  it('ignores groups and rules but not addresses', () => {
    expect(plumbingKey(withRules)).toBe(plumbingKey(topology));
    expect(plumbingKey(moved)).not.toBe(plumbingKey(topology));
  });
});

describe('DataplanePool', () => {
  it('reuses the dataplane (resetting flows) while the plumbing is identical', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { negativeTimeoutMs: 10 });
    const first = await pool.acquire(topology);
    const second = await pool.acquire(withRules);
    expect(first.reused).toBe(false);
    expect(second).toMatchObject({ reused: true, dataplane: first.dataplane });
    expect(backend.created).toHaveLength(1);
    expect(backend.resets).toBe(1);
    await pool.release();
    expect(backend.destroyed).toBe(1);
  });

  it('destroys and rebuilds when the plumbing changes', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { negativeTimeoutMs: 10 });
    await pool.acquire(topology);
    const next = await pool.acquire(moved);
    expect(next.reused).toBe(false);
    expect(backend.created).toHaveLength(2);
    expect(backend.destroyed).toBe(1);
    await pool[Symbol.asyncDispose]();
    expect(backend.destroyed).toBe(2);
  });

  it('runs a deferred driver teardown only when the dataplane is reused', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { negativeTimeoutMs: 10 });
    let teardowns = 0;
    await pool.acquire(topology);
    pool.deferTeardown(async () => void (teardowns += 1));
    await pool.acquire(withRules);
    expect(teardowns).toBe(1);
    pool.deferTeardown(async () => void (teardowns += 1));
    await pool.acquire(moved);
    expect(teardowns).toBe(1);
    await pool.release();
  });
});
