/**
 * The launcher (`harness/process/launcher.py`) does three things itself that a process
 * would otherwise do: a leading `nsenter --net=PATH` (setns in its thread), `nft -f -`
 * (libnftables) and `ip neigh flush all` (netlink). Each must come out exactly as the real binaries do, checked here
 * against `NETCONFORM_SPAWN=direct` in twin namespaces; and nothing the launcher started
 * may outlive the harness process, even one killed with SIGKILL.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, SPAWN_ENV, type StarterKind } from '../../../harness/process/index.ts';
import { waitProcessGone } from '../../support/process-gone.ts';

const tag = `nclau${process.pid}`;
/** One namespace per starter, so the two can be compared. */
const NS: Record<StarterKind, string> = { launcher: `${tag}l`, direct: `${tag}d` };
const enter = (ns: string) => ['nsenter', `--net=/run/netns/${ns}`];

const spawnEnv = process.env[SPAWN_ENV];
/** Runs `argv` with the `starter`. */
async function run(starter: StarterKind, argv: string[], input?: string) {
  process.env[SPAWN_ENV] = starter;
  try {
    return await runCommand(argv, input === undefined ? {} : { input });
  } finally {
    if (spawnEnv === undefined) delete process.env[SPAWN_ENV];
    else process.env[SPAWN_ENV] = spawnEnv;
  }
}

beforeAll(async () => {
  for (const ns of Object.values(NS)) {
    expect(await runCommand(['ip', 'netns', 'add', ns])).toMatchObject({ code: 0 });
    const link = ['link', 'add', `${tag}x`, 'type', 'veth', 'peer', 'name', `${tag}y`];
    expect(await runCommand(['ip', '-n', ns, ...link])).toMatchObject({ code: 0 });
  }
});
afterAll(async () => {
  for (const ns of Object.values(NS)) await runCommand(['ip', 'netns', 'del', ns]);
});

const SCRIPT = `table inet ${tag} {
  set peers { type ipv4_addr; elements = { 198.51.100.1, 198.51.100.2 } }
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    ip saddr @peers tcp dport 22 counter accept
  }
}
`;

describe('the launcher', () => {
  it('runs a command inside the namespace a leading nsenter --net names', async () => {
    for (const starter of ['launcher', 'direct'] as const) {
      const r = await run(starter, [...enter(NS[starter]), 'ip', '-o', 'link', 'show']);
      expect(r).toMatchObject({ kind: 'exited', code: 0 });
      if (r.kind === 'exited') expect(r.stdout).toContain(`${tag}x`);
    }
    const root = await runCommand(['ip', '-o', 'link', 'show']);
    expect(root.kind === 'exited' && root.stdout.includes(`${tag}x`)).toBe(false);
  });

  it('answers a namespace that does not exist as nsenter does', async () => {
    const argv = [...enter(`${tag}-missing`), 'true'];
    const [viaLauncher, direct] = await Promise.all([run('launcher', argv), run('direct', argv)]);
    expect(direct).toMatchObject({ kind: 'exited', code: 1 });
    expect(viaLauncher).toMatchObject({ kind: 'exited', code: 1 });
    if (viaLauncher.kind === 'exited' && direct.kind === 'exited')
      expect(viaLauncher.stderr).toBe(direct.stderr);
  });

  it('applies `nft -f -` to the same ruleset the nft binary gives', async () => {
    for (const starter of ['launcher', 'direct'] as const) {
      const r = await run(starter, [...enter(NS[starter]), 'nft', '-f', '-'], SCRIPT);
      expect(r).toMatchObject({ kind: 'exited', code: 0, stderr: '' });
    }
    const listed = await Promise.all(
      (['launcher', 'direct'] as const).map((s) =>
        runCommand([...enter(NS[s]), 'nft', 'list', 'ruleset']),
      ),
    );
    expect(listed[0]).toMatchObject({ kind: 'exited', code: 0 });
    expect(listed[0]?.kind === 'exited' && listed[0].stdout).toContain('@peers tcp dport 22');
    expect(listed[0]).toEqual(listed[1]);
  });

  it('fails a bad nft script with exit 1 and the message nft prints', async () => {
    const bad = `table inet ${tag}bad {\n  chain c {\n    ip saddr 300.1.1.1 accept\n  }\n}\n`;
    const results = await Promise.all(
      (['launcher', 'direct'] as const).map((s) =>
        run(s, [...enter(NS[s]), 'nft', '-f', '-'], bad),
      ),
    );
    expect(results[1]).toMatchObject({ kind: 'exited', code: 1 });
    expect(results[0]).toMatchObject({ kind: 'exited', code: 1 });
    if (results[0]?.kind === 'exited' && results[1]?.kind === 'exited') {
      expect(results[0].stderr).toContain('300.1.1.1');
      expect(results[0].stderr).toBe(results[1].stderr);
    }
  });

  it('flushes a neighbour table as `ip neigh flush all` does', async () => {
    const dev = `${tag}x`;
    const entries: [string, string][] = [
      ['10.9.0.2', 'stale'],
      ['10.9.0.3', 'permanent'],
      ['10.9.0.4', 'reachable'],
      ['10.9.0.5', 'noarp'],
      ['10.9.0.6', 'delay'],
      ['fe80::2', 'stale'],
      ['fe80::3', 'permanent'],
    ];
    const table = (ns: string) => runCommand(['ip', '-n', ns, 'neigh', 'show']);
    for (const ns of Object.values(NS)) {
      const lines = [`link set ${dev} up`, `addr add 10.9.0.1/24 dev ${dev}`];
      for (const [ip, nud] of entries)
        lines.push(
          `neigh replace ${ip} lladdr 02:00:00:00:00:0${ip.slice(-1)} dev ${dev} nud ${nud}`,
        );
      const r = await runCommand(['ip', '-n', ns, '-batch', '-'], {
        input: lines.join('\n') + '\n',
      });
      expect(r).toMatchObject({ kind: 'exited', code: 0 });
    }
    const before = await table(NS.launcher);
    expect(before.kind === 'exited' && before.stdout).toContain('10.9.0.2 ');
    for (const starter of ['launcher', 'direct'] as const) {
      const r = await run(starter, [...enter(NS[starter]), 'ip', 'neigh', 'flush', 'all']);
      expect(r).toMatchObject({ kind: 'exited', code: 0, stdout: '', stderr: '' });
    }
    const [flushed, byIp] = await Promise.all([table(NS.launcher), table(NS.direct)]);
    expect(flushed).toEqual(byIp);
    expect(flushed.kind === 'exited' && flushed.stdout).toContain('10.9.0.3');
    expect(flushed.kind === 'exited' && flushed.stdout).not.toContain('10.9.0.2 ');
  });

  describe('when the harness process is killed with SIGKILL', () => {
    const pidFile = `/tmp/${tag}-sleep.pid`;
    afterEach(() => rmSync(pidFile, { force: true }));

    it('kills the commands it started', async () => {
      const harness = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import { runCommand } from './harness/process/index.ts';
           await runCommand(['sh', '-c', 'echo $$ > ${pidFile}; exec sleep 300'], { timeoutMs: 600000 });`,
        ],
        { stdio: 'ignore' },
      );
      let sleeper = 0;
      for (let i = 0; i < 200 && sleeper === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          sleeper = Number(readFileSync(pidFile, 'utf8').trim());
        } catch {
          // not started yet
        }
      }
      expect(sleeper).toBeGreaterThan(0);
      harness.kill('SIGKILL');
      expect(await waitProcessGone(sleeper, 5_000)).toBe(true);
    });
  });
});
