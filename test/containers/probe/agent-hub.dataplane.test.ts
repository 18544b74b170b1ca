/**
 * A pool of the `hub` kind serves every endpoint with a namespace file from one
 * process: kept endpoints keep their share across `replaceEndpoints`, a hub that dies
 * is replaced on the next use, and an endpoint without a namespace file still gets an
 * agent process of its own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentPool,
  AgentProcess,
  HubMember,
  TokenWaiter,
  type ProbeEndpoint,
} from '../../../containers/probe/index.ts';
import { runCommand } from '../../../harness/process/index.ts';

const tag = `nchub${process.pid}`;
const NS = [`${tag}a`, `${tag}b`, `${tag}c`];

beforeAll(async () => {
  for (const ns of NS) expect(await runCommand(['ip', 'netns', 'add', ns])).toMatchObject({ code: 0 }); // prettier-ignore
});
afterAll(async () => {
  for (const ns of NS) await runCommand(['ip', 'netns', 'del', ns]);
});

const endpoint = (name: string, ns: string | null): [string, ProbeEndpoint] => [
  name,
  {
    name,
    ip: '127.0.0.1',
    enter: ns === null ? [] : ['ip', 'netns', 'exec', ns],
    ...(ns === null ? {} : { netns: `/run/netns/${ns}` }),
  },
];

/** Child processes of this test process whose command line has `--hub`. */
async function hubs(): Promise<string[]> {
  const found = await runCommand(['pgrep', '-P', String(process.pid), '-f', '--', '--hub']);
  return found.kind === 'exited' && found.code === 0 ? found.stdout.trim().split('\n') : [];
}

let pool: AgentPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('AgentPool with the hub kind', () => {
  it('serves every endpoint with a namespace file from one process', async () => {
    pool = new AgentPool(
      new Map([endpoint('a', NS[0]!), endpoint('b', NS[1]!), endpoint('x', null)]),
      new TokenWaiter(),
      undefined,
      'hub',
    );
    pool.startAll();
    const running = await pool.running();
    expect(running.map((a) => a.name).sort()).toEqual(['a', 'b', 'x']);
    const byName = new Map(running.map((a) => [a.name, a]));
    expect(byName.get('a')).toBeInstanceOf(HubMember);
    expect(byName.get('b')).toBeInstanceOf(HubMember);
    expect(byName.get('x')).toBeInstanceOf(AgentProcess);
    expect(await hubs()).toHaveLength(1);
    // Each listens in its own namespace: the same port twice is no conflict.
    expect(await pool.ensureListener('a', 'tcp', 80)).toBeNull();
    expect(await pool.ensureListener('b', 'tcp', 80)).toBeNull();
    for (const ns of NS.slice(0, 2)) {
      const ss = await runCommand(['ip', 'netns', 'exec', ns, 'ss', '-Hltn', 'sport = :80']);
      expect(ss).toMatchObject({ code: 0, stdout: expect.stringContaining(':80') });
    }
    await pool.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await hubs()).toEqual([]);
  });

  it('keeps kept endpoints across replaceEndpoints and replaces a hub that died', async () => {
    pool = new AgentPool(
      new Map([endpoint('a', NS[0]!), endpoint('b', NS[1]!)]),
      new TokenWaiter(),
      undefined,
      'hub',
    );
    pool.startAll();
    const before = new Map((await pool.running()).map((a) => [a.name, a]));
    await pool.replaceEndpoints(
      new Map([endpoint('a', NS[0]!), endpoint('c', NS[2]!)]),
      new Set(['a']),
    );
    expect(before.get('b')?.deathReason).toBe('killed');
    pool.startAll();
    const after = new Map((await pool.running()).map((a) => [a.name, a]));
    expect([...after.keys()].sort()).toEqual(['a', 'c']);
    expect(after.get('a')).toBe(before.get('a'));
    expect(await hubs()).toHaveLength(1);

    const [pid] = await hubs();
    process.kill(Number(pid), 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(after.get('a')?.deathReason).toMatch(/probe hub/);
    const again = await pool.get('a');
    expect(again.kind).toBe('ok');
    if (again.kind === 'ok') {
      expect(again.agent).not.toBe(after.get('a'));
      expect(await again.agent.request({ op: 'close-all' })).toMatchObject({ ok: true });
    }
    expect(await hubs()).toHaveLength(1);
    expect(await hubs()).not.toContain(pid);
  });
});
