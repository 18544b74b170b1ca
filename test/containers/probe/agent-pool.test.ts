/**
 * Agents started eagerly: `startAll()` runs every endpoint's agent without waiting
 * for a first probe. Endpoints with an empty `enter` run in this namespace, so no root
 * is needed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AgentPool, TokenWaiter, type ProbeEndpoint } from '../../../containers/probe/index.ts';

const endpoints = new Map<string, ProbeEndpoint>(
  ['a', 'b', 'c'].map((name) => [name, { name, ip: '127.0.0.1', enter: [] }]),
);
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
});
