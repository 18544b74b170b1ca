/**
 * Agents started eagerly: `startAll()` runs every endpoint's agent without waiting
 * for a first probe, a bounded number at a time. Endpoints with an empty `enter` run in
 * this namespace, so no root is needed.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_START_CONCURRENCY,
  AgentPool,
  agentScript,
  TokenWaiter,
  type ProbeEndpoint,
} from '../../../containers/probe/index.ts';

const endpoints = new Map<string, ProbeEndpoint>(
  ['a', 'b', 'c'].map((name) => [name, { name, ip: '127.0.0.1', enter: [] }]),
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let pool: AgentPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('AgentPool', () => {
  it('starts no agent before it is asked to', async () => {
    pool = new AgentPool(endpoints, new TokenWaiter());
    expect(await pool.running()).toEqual([]);
  });

  it('startAll starts every endpoint agent, which answers commands', async () => {
    pool = new AgentPool(endpoints, new TokenWaiter());
    pool.startAll();
    const running = await pool.running();
    expect(running.map((a) => a.name).sort()).toEqual(['a', 'b', 'c']);
    const lookup = await pool.get('b');
    expect(lookup.kind).toBe('ok');
    if (lookup.kind === 'ok') {
      expect(running).toContain(lookup.agent);
      expect(await lookup.agent.request({ op: 'close-all' })).toMatchObject({ ok: true });
    }
  });

  it('close kills agents that were started eagerly', async () => {
    pool = new AgentPool(endpoints, new TokenWaiter());
    pool.startAll();
    const running = await pool.running();
    await pool.close();
    expect(running.every((a) => a.deathReason !== null)).toBe(true);
    expect(await pool.get('a')).toMatchObject({ kind: 'failed' });
  });

  it(`starts at most ${AGENT_START_CONCURRENCY} agents at once, then the rest`, async () => {
    // Each agent's start marks itself in `dir`, then holds until `dir/go` exists.
    const dir = mkdtempSync(join(tmpdir(), 'netconform-start-gate-'));
    const hold = 'touch "$0/$$"; while [ ! -e "$0/go" ]; do sleep 0.02; done; exec "$@"';
    const many = new Map<string, ProbeEndpoint>(
      Array.from({ length: AGENT_START_CONCURRENCY + 4 }, (_, i) => {
        const name = `e${i}`;
        return [name, { name, ip: '127.0.0.1', enter: ['sh', '-c', hold, dir] }];
      }),
    );
    const filesWhen = async (done: (n: number) => boolean): Promise<number> => {
      const deadline = Date.now() + 30_000;
      while (!done(readdirSync(dir).length) && Date.now() < deadline) await sleep(50);
      return readdirSync(dir).length;
    };
    try {
      await agentScript(); // bundled beforehand: the held starts must not time out
      pool = new AgentPool(many, new TokenWaiter());
      pool.startAll();
      // Wait for the first wave (slow under load), then give more a chance to start.
      await filesWhen((n) => n >= AGENT_START_CONCURRENCY);
      await sleep(500);
      expect(readdirSync(dir)).toHaveLength(AGENT_START_CONCURRENCY);
      writeFileSync(join(dir, 'go'), '');
      expect(await filesWhen((n) => n > many.size)).toBe(many.size + 1);
    } finally {
      // Closed before the gate goes: a held start that has not yet seen `go` would
      // otherwise wait for it forever, and close() waits for every start (under load
      // this took the afterEach hook past its 10 s).
      await pool?.close();
      pool = null;
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a use that joined a failed background start gets one start of its own', async () => {
    // The first start of each agent exits at once; the second runs the agent.
    const dir = mkdtempSync(join(tmpdir(), 'netconform-retry-'));
    const once = 'if [ -e "$0/started" ]; then exec "$@"; fi; touch "$0/started"; exit 1';
    try {
      pool = new AgentPool(
        new Map([['a', { name: 'a', ip: '127.0.0.1', enter: ['sh', '-c', once, dir] }]]),
        new TokenWaiter(),
      );
      pool.startAll();
      expect(await pool.get('a')).toMatchObject({ kind: 'ok' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replaceEndpoints keeps the agents of kept endpoints and kills the others', async () => {
    pool = new AgentPool(endpoints, new TokenWaiter());
    pool.startAll();
    const before = new Map((await pool.running()).map((a) => [a.name, a]));
    const next = new Map([...endpoints].filter(([name]) => name !== 'c'));
    next.set('d', { name: 'd', ip: '127.0.0.1', enter: [] });
    await pool.replaceEndpoints(next, new Set(['a']));
    expect(before.get('b')?.deathReason).not.toBeNull();
    expect(before.get('c')?.deathReason).not.toBeNull();
    pool.startAll();
    const after = new Map((await pool.running()).map((a) => [a.name, a]));
    expect([...after.keys()].sort()).toEqual(['a', 'b', 'd']);
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(() => pool?.endpoint('c')).toThrow(/no instance or external "c"/);
  });
});
