/**
 * An agent's start is a readiness wait: a slow start is waited for, a dead agent is
 * reported at once with its exit and stderr, a silent one after the bound with its
 * state, and the agent runs with PATH as its only environment variable. Endpoints with
 * an empty or `sh` `enter` run in this namespace, so no root is needed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentCommand,
  agentEnvironment,
  AgentProcess,
  START_TIMEOUT_MS,
} from '../../../containers/probe/index.ts';

const started: AgentProcess[] = [];
const start = async (enter: string[], timeoutMs?: number, command?: readonly string[]) => {
  const agent = await AgentProcess.start(
    'a',
    enter,
    // An agent of its own (the hub, the default, wants every command to name an endpoint).
    command ?? (await agentCommand('python')),
    () => undefined,
    timeoutMs,
  );
  started.push(agent);
  return agent;
};
afterEach(() => {
  for (const agent of started.splice(0)) agent.kill();
});

describe('AgentProcess.start', () => {
  it('waits far longer than a probe for a start (a start decides no verdict)', () => {
    expect(START_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
  });

  it('waits for an agent that is slow to become ready, within its bound', async () => {
    const agent = await start(['sh', '-c', 'sleep 1.5; exec "$@"', 'sh'], 10_000);
    expect(await agent.request({ op: 'close-all' })).toMatchObject({ ok: true });
  });

  it('reports an agent that exits before ready at once, with its exit and stderr', async () => {
    const t0 = Date.now();
    const failure = start(['sh', '-c', 'echo "no such module" >&2; exit 7', 'sh'], 60_000);
    await expect(failure).rejects.toThrow(/agent a exited \(7\) after [\d.]+ s: no such module/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('reports the stderr of every agent that dies at once, even many together', async () => {
    // Many processes exiting together make 'exit' arrive before their stderr was read.
    const failures = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        start(['sh', '-c', `echo "broken ${i}" >&2; exit 1`, 'sh'], 60_000),
      ),
    );
    expect(
      failures.map((f) => (f.status === 'rejected' ? (f.reason as Error).message : 'started')),
    ).toEqual(Array.from({ length: 12 }, (_, i) => expect.stringMatching(`: broken ${i}$`)));
  });

  it('reports an agent silent past its bound with its state and stderr', async () => {
    const failure = start(['sh', '-c', 'echo "stuck here" >&2; exec sleep 30', 'sh'], 1_000);
    await expect(failure).rejects.toThrow(
      /agent a did not start within 1000 ms \(pid \d+ state \w, [\d.]+ s of CPU; stderr: stuck here\)/,
    );
  });

  it('gives the agent PATH as its only environment (no NODE_EXTRA_CA_CERTS)', async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = '/nonexistent/ca.pem';
    try {
      // The wrapper refuses to start the agent when any variable but PATH (and the ones
      // sh sets itself) reached it.
      const check =
        'extra=$(env | grep -v -e "^PATH=" -e "^PWD=" -e "^SHLVL=" -e "^_="); ' +
        'if [ -n "$extra" ]; then echo "leaked: $extra" >&2; exit 3; fi; exec "$@"';
      const agent = await start(['sh', '-c', check, 'sh'], 30_000);
      expect(agent.deathReason).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
  });

  it('agentEnvironment keeps PATH only, with a default when there is none', () => {
    expect(agentEnvironment({ PATH: '/x', NODE_EXTRA_CA_CERTS: '/c', HOME: '/h' })).toEqual({
      PATH: '/x',
    });
    expect(agentEnvironment({}).PATH).toContain('/usr/sbin');
  });
});
