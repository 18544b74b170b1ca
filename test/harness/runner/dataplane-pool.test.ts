import { describe, expect, it } from 'vitest';
import { DataplanePool, plumbingKey } from '../../../harness/runner/index.ts';
import type { Dataplane, DataplaneBackend } from '../../../harness/dataplane/index.ts';
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
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    const first = await pool.acquire(topology);
    const second = await pool.acquire(withRules);
    expect(first.how).toBe('created');
    expect(second).toMatchObject({ how: 'reused', dataplane: first.dataplane });
    expect(backend.created).toHaveLength(1);
    expect(backend.resets).toBe(1);
    await pool.release();
    expect(backend.destroyed).toBe(1);
  });

  it('destroys and rebuilds when the plumbing changes', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    await pool.acquire(topology);
    const next = await pool.acquire(moved);
    expect(next.how).toBe('created');
    expect(backend.created).toHaveLength(2);
    expect(backend.destroyed).toBe(1);
    await pool[Symbol.asyncDispose]();
    expect(backend.destroyed).toBe(2);
  });

  it('runs a deferred driver teardown only when the dataplane is reused', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
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

  it('hands out a dataplane prepared ahead, counting only dataplanes used', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    const first = await pool.acquire(topology);
    pool.prepare([moved]);
    expect(backend.created).toEqual([topology, moved]);
    expect(pool.created).toBe(1);
    const next = await pool.acquire(moved);
    expect(next.how).toBe('created');
    expect(next.dataplane).not.toBe(first.dataplane);
    expect(backend.created).toHaveLength(2);
    expect(pool.created).toBe(2);
    await pool.release();
    expect(backend.destroyed).toBe(2);
  });

  it('prepares nothing for plumbing it holds or already prepared', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    await pool.acquire(topology);
    pool.prepare([withRules, moved, moved]);
    pool.prepare([moved]);
    expect(backend.created).toEqual([topology, moved]);
    await pool.release();
  });

  it('destroys prepared dataplanes that are no longer upcoming, and on release', async () => {
    const backend = fakeBackend(() => observed(false));
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    await pool.acquire(topology);
    pool.prepare([moved]);
    const third: ResolvedTopology = {
      ...topology,
      instances: topology.instances.map((i, n) => (n === 1 ? { ...i, ip: '198.51.100.30' } : i)),
    };
    pool.prepare([third]);
    expect(backend.created).toHaveLength(3);
    await pool.release();
    expect(backend.destroyed).toBe(3);
    expect(pool.created).toBe(1);
  });

  it('builds again in the foreground when the prepared build failed', async () => {
    const inner = fakeBackend(() => observed(false));
    let creates = 0;
    const flaky: DataplaneBackend = {
      ...inner,
      // The second build (the prepared one) fails; the retry succeeds.
      create: async (t, o): Promise<Dataplane> => {
        if (++creates === 2) throw new Error('engine hiccup');
        return inner.create(t, o);
      },
    };
    const pool = new DataplanePool(flaky, { probeTimeoutMs: 10 });
    await pool.acquire(topology);
    pool.prepare([moved]);
    const next = await pool.acquire(moved);
    expect(next.how).toBe('created');
    expect(creates).toBe(3);
    await pool.release();
  });

  it('reports a failed background teardown on release', async () => {
    const inner = fakeBackend(() => observed(false));
    const failing: DataplaneBackend = {
      ...inner,
      create: async (t, o): Promise<Dataplane> => {
        const dataplane = await inner.create(t, o);
        return {
          ...dataplane,
          destroy: async () => {
            throw new Error('namespace busy');
          },
        };
      },
    };
    const pool = new DataplanePool(failing, { probeTimeoutMs: 10 });
    await pool.acquire(topology);
    await pool.acquire(moved);
    await expect(pool.release()).rejects.toThrow('namespace busy');
  });
});

describe('DataplanePool with a backend that reshapes', () => {
  /** The fake backend's dataplanes, able to reshape to any topology (`failing`: throws). */
  const reshaping = (failing = false) => {
    const backend = fakeBackend(() => observed(false));
    const reshapes: ResolvedTopology[] = [];
    const create = backend.create.bind(backend);
    backend.create = async (t, o) => {
      const dp = await create(t, o);
      return Object.assign(dp, {
        canReshape: () => true,
        reshape: async (next: ResolvedTopology) => {
          if (failing) throw new Error('reshape failed midway');
          reshapes.push(next);
          return true;
        },
      });
    };
    return { backend, reshapes };
  };

  it('reshapes the held dataplane after a reset instead of building, and prepares nothing', async () => {
    const { backend, reshapes } = reshaping();
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    const first = await pool.acquire(topology);
    pool.prepare([moved]);
    const next = await pool.acquire(moved);
    expect(next).toMatchObject({ how: 'reshaped', dataplane: first.dataplane });
    expect(reshapes).toEqual([moved]);
    expect(backend.resets).toBe(1);
    expect(backend.created).toHaveLength(1);
    // Held under its new plumbing: the same topology again is a plain reuse.
    expect((await pool.acquire(moved)).how).toBe('reused');
    await pool.release();
  });

  it('destroys a dataplane whose reshape failed and builds a new one', async () => {
    const { backend } = reshaping(true);
    const pool = new DataplanePool(backend, { probeTimeoutMs: 10 });
    await pool.acquire(topology);
    const next = await pool.acquire(moved);
    expect(next.how).toBe('created');
    expect(backend.created).toHaveLength(2);
    await pool.release();
    expect(backend.destroyed).toBe(2);
  });
});
