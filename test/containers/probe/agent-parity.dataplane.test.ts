/**
 * The Node and the Python probe agents, and the hub (one Python process serving both
 * endpoints from this test's namespace), answer the same protocol cases alike: each kind
 * runs in two namespaces of this test (joined by a veth pair named eth0 on both sides)
 * and goes through one script of commands; answers and reported tokens must match the
 * expectations, and the transcripts (ports and pids aside) must be equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCommand,
  AgentHub,
  AgentProcess,
  StartGate,
  type AgentEvent,
  type AgentKind,
  type AgentRequest,
  type ProbeAgent,
} from '../../../containers/probe/index.ts';
import { runCommand } from '../../../harness/process/index.ts';

const tag = `ncparity${process.pid}`;
const NS = { a: `${tag}a`, b: `${tag}b` };
const IP = { a: '198.51.100.1', b: '198.51.100.2', nobody: '198.51.100.3' };
const DROPPED_TCP = 83;

async function sh(...argv: string[]): Promise<void> {
  const result = await runCommand(argv);
  if (result.kind !== 'exited' || result.code !== 0)
    throw new Error(`${argv.join(' ')}: ${JSON.stringify(result)}`);
}

beforeAll(async () => {
  for (const ns of Object.values(NS)) await sh('ip', 'netns', 'add', ns);
  await sh('ip', 'link', 'add', `${tag}x`, 'netns', NS.a, 'type', 'veth', 'peer', 'name', `${tag}y`, 'netns', NS.b); // prettier-ignore
  for (const side of ['a', 'b'] as const) {
    const ns = NS[side];
    const ifname = side === 'a' ? `${tag}x` : `${tag}y`;
    await sh('ip', '-n', ns, 'link', 'set', ifname, 'name', 'eth0');
    await sh('ip', '-n', ns, 'addr', 'add', `${IP[side]}/24`, 'dev', 'eth0');
    await sh('ip', '-n', ns, 'link', 'set', 'eth0', 'up');
    await sh('ip', '-n', ns, 'link', 'set', 'lo', 'up');
  }
  const drop = `table ip parity { chain in { type filter hook input priority 0; tcp dport ${DROPPED_TCP} drop; udp dport ${DROPPED_TCP} drop; }; }`;
  const nft = await runCommand(['ip', 'netns', 'exec', NS.b, 'nft', '-f', '-'], { input: drop });
  expect(nft).toMatchObject({ kind: 'exited', code: 0 });
});

afterAll(async () => {
  for (const ns of Object.values(NS)) await runCommand(['ip', 'netns', 'del', ns]);
});

/** Replies and reported events of one run of the script, ports and pids normalised. */
type Transcript = unknown[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function script(kind: AgentKind): Promise<Transcript> {
  const events: { side: string; event: AgentEvent }[] = [];
  const hub = kind === 'hub' ? new AgentHub(new StartGate(1)) : null;
  const command = await agentCommand(kind);
  const start = (side: 'a' | 'b'): Promise<ProbeAgent> => {
    const onEvent = (event: AgentEvent) => events.push({ side, event });
    return hub !== null
      ? hub.attach(side, `/run/netns/${NS[side]}`, onEvent)
      : AgentProcess.start(side, ['ip', 'netns', 'exec', NS[side]], command, onEvent);
  };
  const [a, b] = await Promise.all([start('a'), start('b')]);
  const transcript: Transcript = [];
  const step = async (side: 'a' | 'b', request: AgentRequest) => {
    const reply = await (side === 'a' ? a : b).request(request);
    const { id: _id, ...rest } = reply as { id: number } & Record<string, unknown>;
    // Local ports differ between runs; their presence is what is compared.
    if ('local' in rest) rest.local = { address: (rest.local as { address: string }).address };
    if ('message' in rest) rest.message = typeof rest.message;
    transcript.push({ side, op: request.op, reply: rest });
    return reply;
  };
  /** Waits until `token` was reported, then records who saw it from where. */
  const seen = async (token: string) => {
    for (
      let i = 0;
      i < 60 && !events.some((e) => 'token' in e.event && e.event.token === token);
      i++
    )
      await sleep(50);
    const found = events.find((e) => 'token' in e.event && e.event.token === token);
    const e = found?.event as (AgentEvent & { fromPort?: number }) | undefined;
    const entry = e ? { side: found!.side, ...e, fromPort: e.fromPort ? 'set' : e.fromPort } : null;
    transcript.push({ token, entry });
    return entry;
  };
  try {
    for (const [proto, port] of [
      ['tcp', 80],
      ['udp', 81],
      ['udp', 84],
      ['icmp', 0],
      ['tcp', DROPPED_TCP],
    ] as const)
      // prettier-ignore
      expect(await step('b', { op: 'listen', proto, port })).toMatchObject({ ok: true });
    const mac = await step('b', { op: 'listen', proto: 'frames', port: 0 });
    expect(mac).toMatchObject({ ok: true, mac: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/) }); // prettier-ignore

    // TCP: open, send, reply.
    const open = { op: 'open', proto: 'tcp', dst: IP.b, port: 80, timeoutMs: 2000, lingerMs: 2000 } as const; // prettier-ignore
    expect(await step('a', { ...open, key: 'k1', token: 'k1.1' })).toMatchObject({ ok: true, local: { address: IP.a } }); // prettier-ignore
    expect(await seen('k1.1')).toMatchObject({ side: 'b', proto: 'tcp', from: IP.a });
    await step('a', { op: 'send', key: 'k1', token: 'k1.2' });
    expect(await seen('k1.2')).toMatchObject({ side: 'b', from: IP.a });
    await step('b', { op: 'reply', proto: 'tcp', key: 'k1', port: 80, token: 'k1.3', fallback: null }); // prettier-ignore
    expect(await seen('k1.3')).toMatchObject({ side: 'a', proto: 'tcp', from: IP.b, fromPort: 'set' }); // prettier-ignore

    // UDP: open, reply to the flow's peer, reply to a fallback, no flow at all.
    expect(await step('a', { ...open, proto: 'udp', port: 81, key: 'k2', token: 'k2.1' })).toMatchObject({ ok: true, local: { address: '0.0.0.0' } }); // prettier-ignore
    expect(await seen('k2.1')).toMatchObject({ side: 'b', proto: 'udp', from: IP.a });
    await step('b', { op: 'reply', proto: 'udp', key: 'k2', port: 81, token: 'k2.2', fallback: null }); // prettier-ignore
    expect(await seen('k2.2')).toMatchObject({ side: 'a', proto: 'udp', from: IP.b });
    const fallback = { address: IP.a, port: 9 };
    expect(await step('b', { op: 'reply', proto: 'udp', key: 'k8', port: 81, token: 'k8.1', fallback })).toMatchObject({ ok: true }); // prettier-ignore
    expect(await step('b', { op: 'reply', proto: 'udp', key: 'k9', port: 85, token: 'k9.1', fallback })).toMatchObject({ ok: false, error: 'ENOFLOW' }); // prettier-ignore
    expect(await step('b', { op: 'reply', proto: 'tcp', key: 'k9', port: 80, token: 'k9.1', fallback: null })).toMatchObject({ ok: false, error: 'ENOFLOW' }); // prettier-ignore
    expect(await step('a', { op: 'send', key: 'k9', token: 'k9.1' })).toMatchObject({ ok: false, error: 'ENOFLOW' }); // prettier-ignore

    // TCP to a closed port, and to a dropped one (answered, then given up at linger).
    expect(await step('a', { ...open, port: 82, key: 'k3', token: 'k3.1' })).toMatchObject({ ok: false, error: 'ECONNREFUSED' }); // prettier-ignore
    expect(await step('a', { ...open, port: DROPPED_TCP, key: 'k4', token: 'k4.1', timeoutMs: 150, lingerMs: 300 })).toMatchObject({ ok: false, error: 'ETIMEDOUT' }); // prettier-ignore

    // ICMP: an echo the receiver watches (with its source), one to nobody.
    const ping = { op: 'ping', timeoutMs: 1500, lingerMs: 1500 } as const;
    expect(await step('a', { ...ping, dst: IP.b, identifier: 4242 })).toMatchObject({ ok: true, delivered: true }); // prettier-ignore
    expect(await seen('echo-4242')).toMatchObject({ side: 'b', proto: 'icmp', from: IP.a });
    expect(await step('a', { ...ping, dst: IP.nobody, identifier: 4243, timeoutMs: 150, lingerMs: 150 })).toMatchObject({ ok: true, delivered: false }); // prettier-ignore

    // Closed-port probes: refused at once, silently dropped.
    expect(await step('b', { op: 'close-port', port: 81 })).toMatchObject({ ok: true });
    const unreachable = { op: 'unreachable', dst: IP.b, timeoutMs: 1000, lingerMs: 1000 } as const; // prettier-ignore
    expect(await step('a', { ...unreachable, port: 81, token: 'u1.1' })).toMatchObject({ ok: true, delivered: true }); // prettier-ignore
    expect(await step('a', { ...unreachable, port: DROPPED_TCP, token: 'u2.1', timeoutMs: 150, lingerMs: 150 })).toMatchObject({ ok: true, delivered: false }); // prettier-ignore

    // Spoofed source, and a raw frame carrying a token.
    expect(await step('a', { op: 'spoof', src: '198.51.100.77', dst: IP.b, port: 84, token: 's1.1' })).toMatchObject({ ok: true }); // prettier-ignore
    expect(await seen('s1.1')).toMatchObject({ side: 'b', proto: 'udp', from: '198.51.100.77' });
    const dst = (mac as { mac: string }).mac.replaceAll(':', '');
    const frame = `${dst}026e63000001` + '88b5' + Buffer.from('NCL2:f1.1').toString('hex') + '00'.repeat(40); // prettier-ignore
    expect(await step('a', { op: 'frame', hex: frame })).toMatchObject({ ok: true });
    expect(await seen('f1.1')).toMatchObject({ side: 'b', proto: 'frames', from: '02:6e:63:00:00:01' }); // prettier-ignore
    expect(await step('a', { op: 'frame', hex: 'xyz' })).toMatchObject({ ok: false, error: 'EFRAME' }); // prettier-ignore

    // Close one flow, then all.
    expect(await step('a', { op: 'close', key: 'k1' })).toMatchObject({ ok: true });
    expect(await step('a', { op: 'send', key: 'k1', token: 'k1.4' })).toMatchObject({ ok: false, error: 'ENOFLOW' }); // prettier-ignore
    expect(await step('a', { op: 'close-all' })).toMatchObject({ ok: true });
    expect(await step('a', { op: 'send', key: 'k2', token: 'k2.3' })).toMatchObject({ ok: false, error: 'ENOFLOW' }); // prettier-ignore
    // Nothing was reported late: every answer above was final.
    transcript.push({ late: events.filter((e) => e.event.event === 'late').length });
  } finally {
    a.kill();
    b.kill();
    hub?.close();
  }
  return transcript;
}

describe('probe agents: node, python and the hub answer alike', () => {
  const transcripts = new Map<AgentKind, Transcript>();
  for (const kind of ['node', 'python', 'hub'] as const) {
    it(`the ${kind} agent answers every protocol case`, async () => {
      transcripts.set(kind, await script(kind));
    });
  }
  it('the transcripts are equal', () => {
    expect(transcripts.get('node')?.length).toBeGreaterThan(30);
    expect(transcripts.get('python')).toEqual(transcripts.get('node'));
    expect(transcripts.get('hub')).toEqual(transcripts.get('node'));
  });
});

describe('the probe hub', () => {
  it('keeps no socket in its own namespace and lets go of a detached endpoint', async () => {
    const hub = new AgentHub(new StartGate(1));
    try {
      const a = await hub.attach('a', `/run/netns/${NS.a}`, () => undefined);
      const b = await hub.attach('b', `/run/netns/${NS.b}`, () => undefined);
      expect(await b.request({ op: 'listen', proto: 'tcp', port: 80 })).toMatchObject({ ok: true }); // prettier-ignore
      expect(await b.request({ op: 'listen', proto: 'icmp', port: 0 })).toMatchObject({ ok: true }); // prettier-ignore
      const open = { op: 'open', proto: 'tcp', dst: IP.b, port: 80, key: 'h1', token: 'h1.1', timeoutMs: 2000, lingerMs: 2000 } as const; // prettier-ignore
      expect(await a.request(open)).toMatchObject({ ok: true });
      // The sockets are in the endpoints' namespaces, none in this one.
      const inB = await runCommand(['ip', 'netns', 'exec', NS.b, 'ss', '-Hltn', 'sport = :80']);
      expect(inB).toMatchObject({ kind: 'exited', code: 0, stdout: expect.stringContaining(':80') }); // prettier-ignore
      const hubPid = await runCommand(['pgrep', '-P', String(process.pid), '-f', '--', '--hub']);
      expect(hubPid).toMatchObject({ kind: 'exited', code: 0 });
      const pid = hubPid.kind === 'exited' ? hubPid.stdout.trim() : '?';
      const here = await runCommand(['ss', '-Hanp', '-t', '-u', '-w', '-0']);
      expect(here.kind === 'exited' ? here.stdout : '').not.toContain(`pid=${pid},`);
      // A detached endpoint's sockets close: nothing listens in b any more.
      b.kill();
      expect(await b.request({ op: 'close-all' })).toMatchObject({ ok: false, error: 'EDEAD' });
      await sleep(200);
      const after = await runCommand(['ip', 'netns', 'exec', NS.b, 'ss', '-Hltn', 'sport = :80']);
      expect(after).toMatchObject({ kind: 'exited', code: 0, stdout: '' });
      expect(a.deathReason).toBeNull();
      // Not a namespace: a clear failure, the hub serves on.
      await expect(hub.attach('x', '/etc/hostname', () => undefined)).rejects.toThrow(/not a network namespace/); // prettier-ignore
      expect(await a.request({ op: 'close-all' })).toMatchObject({ ok: true });
    } finally {
      hub.close();
    }
  });
});
