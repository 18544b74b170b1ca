/**
 * The launcher (`harness/process/launcher.py`) does some things itself that a process
 * would otherwise do: a leading `nsenter --net=PATH` (setns in its thread), `nft -f -`
 * (libnftables), `ip neigh flush all` (netlink), and namespace configuration scripts and
 * `ip -batch` (`launcher_netconf.py`). Each must come out exactly as the real programs
 * do, checked here against `NETCONFORM_SPAWN=direct` in twin namespaces; and nothing the
 * launcher started may outlive the harness process, even one killed with SIGKILL.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, SPAWN_ENV, type StarterKind } from '../../../harness/process/index.ts';
import { namespaceScript } from '../../../containers/backends/netns/plan-script.ts';
import { linksSettled } from '../../support/links-settled.ts';
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

  describe('a namespace configuration script (sh -s) and a bare ip -batch', () => {
    /** Twin namespaces of their own, each with a veth pair `${tag}a`/`${tag}b`. */
    const TWIN: Record<StarterKind, string> = { launcher: `${tag}cl`, direct: `${tag}cd` };
    /** Where each twin's new veth puts its peer. */
    const PEER: Record<StarterKind, string> = { launcher: `${tag}pl`, direct: `${tag}pd` };
    const dev = `${tag}a`;
    beforeAll(async () => {
      for (const ns of Object.values(PEER))
        expect(await runCommand(['ip', 'netns', 'add', ns])).toMatchObject({ code: 0 });
      for (const ns of Object.values(TWIN)) {
        expect(await runCommand(['ip', 'netns', 'add', ns])).toMatchObject({ code: 0 });
        // Fixed MACs: the twins' pictures must not differ by a random one.
        const link = ['link', 'add', dev, 'address', '02:00:00:00:00:0a', 'type', 'veth'];
        const peer = ['peer', 'name', `${tag}b`, 'address', '02:00:00:00:00:0b'];
        expect(await runCommand(['ip', '-n', ns, ...link, ...peer])).toMatchObject({ code: 0 });
      }
    });
    afterAll(async () => {
      for (const ns of [...Object.values(TWIN), ...Object.values(PEER)])
        await runCommand(['ip', 'netns', 'del', ns]);
    });

    /** The MACs this test gives links; the kernel chooses every other one. */
    const ASSIGNED_MAC = /^(02:00:00:00:00:0[a-d]|02:6e:63:00:00:01|ee(:ee){5}|00(:00){5})$/;
    /**
     * What a script can change in `ns` and its children's `peer`, with the twins' names
     * and the kernel's random MACs (veths created without one) written alike. A random
     * MAC is any locally administered one, so it can begin 02: or ee: like the assigned
     * ones: it is recognised by not being assigned (CI once failed on a random 02:ee:…).
     */
    const picture = async (ns: string, peer: string) => {
      await linksSettled([ns, peer]);
      const alike = (text: string) =>
        text
          .replaceAll(/link-netns \S+/g, 'link-netns N')
          .replaceAll(/link\/ether (\S+)/g, (all, mac: string) =>
            ASSIGNED_MAC.test(mac) ? all : 'link/ether RANDOM',
          );
      const show = async (where: string, ...args: string[]) => {
        const r = await runCommand(['ip', '-n', where, ...args]);
        return r.kind === 'exited' ? alike(r.stdout) : r.kind;
      };
      const sysctls = await runCommand([
        ...enter(ns),
        'sh',
        '-c',
        'grep . /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/ip_forward',
      ]);
      return {
        links: await show(ns, '-d', 'link', 'show'),
        addr: await show(ns, 'addr', 'show'),
        routes: await show(ns, 'route', 'show', 'table', 'all'),
        neigh: await show(ns, 'neigh', 'show'),
        sysctls: sysctls.kind === 'exited' ? sysctls.stdout : sysctls.kind,
        peerLinks: await show(peer, '-d', 'link', 'show'),
      };
    };
    /** Runs `argv` with `input` in each twin with its starter; both results. */
    const both = (argv: string[], input: string) =>
      Promise.all(
        (['launcher', 'direct'] as const).map((s) => run(s, [...enter(TWIN[s]), ...argv], input)),
      );
    /** Whether the launcher runs `argv input` itself (else it starts the programs). */
    const runsItself = async (argv: string[], input: string) => {
      const code = `import sys, json; sys.path.insert(0, 'harness/process')
import launcher_netconf as n
argv, text = json.load(sys.stdin)
print(n.configuration(argv, text) is not None)`;
      const r = await runCommand(['python3', '-I', '-c', code], {
        input: JSON.stringify([argv, input]),
      });
      return r.kind === 'exited' && r.code === 0 ? r.stdout.trim() : JSON.stringify(r);
    };

    const pictures = () =>
      Promise.all([picture(TWIN.launcher, PEER.launcher), picture(TWIN.direct, PEER.direct)]);

    it('leaves the namespace as sh and ip do', async () => {
      // The links a parent creates toward its children: `ip -n PARENT -batch -`.
      const links = (s: StarterKind) =>
        `link add ${tag}v address 02:00:00:00:00:0c type veth peer name eth0 address 02:00:00:00:00:0d netns ${PEER[s]}\n` +
        `link add ${tag}w type veth peer name ${tag}u netns ${PEER[s]}\n`;
      expect(await runsItself(['ip', '-batch', '-'], links('launcher'))).toBe('True');
      for (const s of ['launcher', 'direct'] as const) {
        const r = await run(s, ['ip', '-n', TWIN[s], '-batch', '-'], links(s));
        expect(r).toMatchObject({ kind: 'exited', code: 0, stdout: '', stderr: '' });
      }
      const script = namespaceScript(
        ['net/ipv4/conf/*/rp_filter=0', 'net/ipv4/ip_forward=1'],
        [
          `link set ${dev} address 02:6e:63:00:00:01`,
          'link set lo up',
          `link set ${dev} up`,
          `addr add 198.51.100.10/32 dev ${dev}`,
          `route add 169.254.1.1 dev ${dev} scope link`,
          `route add default via 169.254.1.1 dev ${dev}`,
          `route add 10.9.0.0/24 dev ${dev}`,
          `route add 203.0.113.7/32 via 169.254.1.1 dev ${dev}`,
          `neigh replace 169.254.1.1 lladdr ee:ee:ee:ee:ee:ee dev ${dev} nud permanent`,
        ],
      );
      expect(await runsItself(['sh', '-s'], script)).toBe('True');
      for (const r of await both(['sh', '-s'], script))
        expect(r).toMatchObject({ kind: 'exited', code: 0, stdout: '', stderr: '' });
      const [viaLauncher, direct] = await pictures();
      expect(viaLauncher.peerLinks).toContain('eth0@');
      expect(viaLauncher.routes).toContain('default via 169.254.1.1');
      expect(viaLauncher.sysctls).toContain('ip_forward:1');
      expect(viaLauncher).toEqual(direct);

      // What a reshape sends a kept namespace: replaced and deleted routes.
      const reshape = [
        `route replace 203.0.113.7/32 dev ${dev}`,
        `route del 10.9.0.0/24 dev ${dev}`,
        `route replace 10.9.1.0/24 via 169.254.1.1 dev ${dev}`,
        `link del ${tag}w`,
        '',
      ].join('\n');
      expect(await runsItself(['ip', '-batch', '-'], reshape)).toBe('True');
      for (const r of await both(['ip', '-batch', '-'], reshape))
        expect(r).toMatchObject({ kind: 'exited', code: 0, stderr: '' });
      const [reshaped, reshapedDirect] = await pictures();
      expect(reshaped.routes).toContain('10.9.1.0/24 via 169.254.1.1');
      expect(reshaped.peerLinks).not.toContain(`${tag}u`);
      expect(reshaped.routes).not.toContain('10.9.0.0/24');
      expect(reshaped).toEqual(reshapedDirect);
    });

    it('fails at the same line with the same message and status as sh and ip', async () => {
      const failing = [
        // An existing route: the kernel's EEXIST, at batch line 2.
        namespaceScript([], ['link set lo up', `route add default via 169.254.1.1 dev ${dev}`]),
        // A gateway not on any link: the kernel's own words (extended acknowledgement).
        namespaceScript([], [`route add 10.77.0.0/24 via 10.66.0.1 dev ${dev}`]),
        // A device that is not there.
        namespaceScript([], [`addr add 192.0.2.1/32 dev ${tag}none`]),
        // A sysctl that is not there: sh's message and status, the batch never runs.
        namespaceScript(['net/ipv4/conf/nonesuch/rp_filter=0'], ['link set lo up']),
      ];
      for (const script of failing) {
        expect(await runsItself(['sh', '-s'], script)).toBe('True');
        const [viaLauncher, direct] = await both(['sh', '-s'], script);
        expect(direct).toMatchObject({ kind: 'exited' });
        expect(direct?.kind === 'exited' && direct.code).not.toBe(0);
        expect(viaLauncher).toEqual(direct);
      }
      // A batch naming a namespace that is not there, for its links or for itself.
      const gone = `${tag}gone`;
      for (const argv of [
        ['ip', '-n', TWIN.launcher, '-batch', '-'],
        ['ip', '-n', gone, '-batch', '-'],
      ]) {
        const batch = `link add ${tag}z type veth peer name ${tag}y netns ${gone}\n`;
        const [viaLauncher, direct] = await Promise.all(
          (['launcher', 'direct'] as const).map((s) => run(s, argv, batch)),
        );
        expect(direct).toMatchObject({ kind: 'exited', code: 255 });
        expect(viaLauncher).toEqual(direct);
      }
    });

    it('leaves what it cannot read entirely to sh and ip', async () => {
      expect(await runsItself(['sh', '-s'], 'set -e\necho hi\n')).toBe('False');
      const bridged = namespaceScript([], [`link set ${dev} mtu 1400 up`]);
      expect(await runsItself(['sh', '-s'], bridged)).toBe('False');
      for (const r of await both(['sh', '-s'], bridged))
        expect(r).toMatchObject({ kind: 'exited', code: 0 });
    });
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
