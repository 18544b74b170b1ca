/**
 * Overlay steps on the netns overlay dataplane (danube): an MTU probe (`ping` with DF
 * set), and three token hunts: a UDP datagram watched for on a link (the `internet`
 * router, or the admin network of the sender's PDC), an unencrypted VXLAN packet forged
 * from an Internet host to an instance's host, and one leaked from an instance's host to
 * an Internet host. A watcher is an AF_PACKET socket (Debian's `/usr/bin/python3`) in the
 * namespace that sees the link; it is bound before anything is sent, and a token seen in
 * any frame there is the evidence. Results as data; a helper that fails is inconclusive.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Capture, Observation, OverlayProbe } from '../../../harness/dataplane/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { vxlanPayload } from '../../probe/vxlan-packet.ts';
import type { BuildPlan, OverlayProbePlan } from './plan.ts';

const PYTHON = '/usr/bin/python3';

// Prints "ready" once bound to every interface, then, at the first frame holding the
// token (argv[1], hex) on an interface not in argv[2] (comma-separated), "seen IFNAME
// SRC DST PROTO SPORT DPORT" (its outermost IPv4 header; "-" where there is none), or
// "clean" when stdin closes first.
const WATCHER = `
import os, select, socket, struct, sys
token = bytes.fromhex(sys.argv[1])
ignored = set(filter(None, sys.argv[2].split(",")))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
print("ready", flush=True)

def outer(frame):
    if len(frame) < 34 or frame[12:14] != b"\\x08\\x00":
        return ["-"] * 5
    ip = frame[14:]
    ihl = (ip[0] & 15) * 4
    ports = ["-", "-"]
    if ip[9] in (6, 17) and len(ip) >= ihl + 4:
        ports = [str(p) for p in struct.unpack("!HH", ip[ihl:ihl + 4])]
    return [socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20]), str(ip[9])] + ports

while True:
    ready, _, _ = select.select([s, 0], [], [])
    if s in ready:
        frame, address = s.recvfrom(65535)
        if token in frame and address[0] not in ignored:
            print(" ".join(["seen", address[0]] + outer(frame)), flush=True); sys.exit(0)
    if 0 in ready and not os.read(0, 4096):
        print("clean", flush=True); sys.exit(0)
`;

// Sends argv[3] (hex) three times as UDP datagrams to argv[1]:argv[2].
const SENDER = `
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    try:
        s.sendto(bytes.fromhex(sys.argv[3]), (sys.argv[1], int(sys.argv[2])))
    except (PermissionError, OSError):
        pass  # dropped on the way out (a firewall, no route): not delivered, not a failure
    time.sleep(0.02)
`;

/** What a hunt found: the frame's outer header when the token was seen (`at`: where). */
type Seen = Omit<Capture, 'at' | 'token'>;
type Hunt = { seen: boolean; frame?: Seen } | { problem: string };

/** Reads a watcher's `seen IFNAME SRC DST PROTO SPORT DPORT` line. */
function parseSeen(line: string): Hunt {
  const [, iface = '?', src = '-', dst = '-', proto = '-', sport = '-', dport = '-'] =
    line.split(' ');
  const num = (x: string): number | null => (x === '-' ? null : Number(x));
  return {
    seen: true,
    frame: {
      interface: iface,
      src,
      dst,
      protocol: num(proto) ?? 0,
      srcPort: num(sport),
      dstPort: num(dport),
    },
  };
}

interface Watcher {
  readonly verdict: Promise<Hunt>;
  /** Ends the watch: "clean" unless the token was seen. */
  stop(): void;
}

/** Starts a watcher in `namespace`, blind to `ignored` interfaces; resolves once it is bound. */
function watch(namespace: string, token: string, ignored: readonly string[]): Promise<Watcher> {
  return new Promise((ready) => {
    const argv = ['netns', 'exec', namespace, PYTHON, '-c', WATCHER, hex(token), ignored.join(',')];
    const child = spawn('ip', argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let settle: (h: Hunt) => void = () => undefined;
    const verdict = new Promise<Hunt>((r) => (settle = r));
    let started = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        started = true;
        ready({ verdict, stop: () => child.stdin.end() });
      } else settle(line.startsWith('seen') ? parseSeen(line) : { seen: false });
    });
    child.on('close', (code) => {
      const problem = { problem: `watcher in ${namespace} exited ${code}: ${stderr.trim()}` };
      settle(problem);
      if (!started) ready({ verdict: Promise.resolve(problem), stop: () => undefined });
    });
  });
}

const hex = (s: string): string => Buffer.from(s).toString('hex');

async function send(
  namespace: string,
  ip: string,
  port: number,
  payload: Buffer,
): Promise<string | null> {
  const r = await runCommand([
    'ip',
    'netns',
    'exec',
    namespace,
    PYTHON,
    '-c',
    SENDER,
    ip,
    String(port),
    payload.toString('hex'),
  ]);
  return r.kind === 'exited' && r.code === 0
    ? null
    : `sender in ${namespace} failed: ${JSON.stringify(r)}`;
}

/** Runs the token hunt: watch, send, wait for the verdict. */
async function hunt(
  watchIn: string,
  token: string,
  waitMs: number,
  sendIn: string,
  ip: string,
  port: number,
  payload: Buffer,
  ignored: readonly string[],
): Promise<Hunt> {
  const watcher = await watch(watchIn, token, ignored);
  const failed = await send(sendIn, ip, port, payload);
  // The packets are out: whatever would carry them has the probe timeout to do it.
  const timer = setTimeout(() => watcher.stop(), failed === null ? waitMs : 0);
  const verdict = await watcher.verdict;
  clearTimeout(timer);
  watcher.stop();
  return failed === null ? verdict : { problem: failed };
}

/** Performs overlay probes for one dataplane. */
export class OverlayProbes {
  private counter = 0;
  constructor(
    private readonly plan: BuildPlan,
    private readonly probeTimeoutMs: number,
  ) {}

  private get overlay(): OverlayProbePlan {
    if (this.plan.overlay === undefined) throw new Error('overlay probes need an overlay plan');
    return this.plan.overlay;
  }

  /** Interfaces a watcher in `namespace` ignores (the Docker backend's underlay). */
  private ignoredIn(namespace: string): readonly string[] {
    return this.overlay.underlay?.get(namespace) ?? [];
  }

  /** Runs one overlay probe from `from` to `to`. */
  async perform(from: string, to: string, probe: OverlayProbe): Promise<Observation> {
    const started = performance.now();
    const token = `NCOV${process.pid.toString(36)}x${++this.counter}x${Date.now().toString(36)}`;
    const result = await this.run(from, to, probe, token);
    const elapsedMs = performance.now() - started;
    if ('problem' in result) return { kind: 'inconclusive', reason: result.problem, elapsedMs };
    const capture =
      result.frame === undefined
        ? {}
        : { capture: { at: this.where(from, to, probe), token, ...result.frame } };
    return { kind: 'observed', delivered: result.seen, seenFrom: null, elapsedMs, ...capture };
  }

  /** Where the watcher of `probe` listens, for people. */
  private where(from: string, to: string, probe: OverlayProbe): string {
    if (probe.what === 'eavesdrop')
      return probe.link === 'internet'
        ? 'the internet router'
        : `the admin network of ${from}'s PDC`;
    if (probe.what === 'forgeVxlan') return `instance ${to}`;
    return probe.what === 'leakVxlan' ? `external ${to}` : to;
  }

  private async run(from: string, to: string, probe: OverlayProbe, token: string): Promise<Hunt> {
    const o = this.overlay;
    const seconds = Math.max(0.2, this.probeTimeoutMs / 1000);
    const external = (name: string) => this.plan.endpoints.get(name);
    switch (probe.what) {
      case 'mtu': {
        const a = o.instances.get(from);
        const b = o.instances.get(to);
        if (a === undefined || b === undefined)
          return { problem: `${from} or ${to} is not an overlay instance` };
        const r = await runCommand(
          [
            'ip',
            'netns',
            'exec',
            a.namespace,
            'ping',
            '-n',
            '-q',
            '-c',
            '1',
            '-W',
            String(Math.ceil(seconds)),
            '-M',
            'do',
          ].concat(['-s', String(probe.size - 28), b.ip]),
        );
        if (r.kind !== 'exited') return { problem: `ping did not run: ${r.kind}` };
        // 0: the echo came back; 1: no reply, or refused at the sender (message too long).
        if (r.code === 0) return { seen: true };
        if (r.code === 1) return { seen: false };
        return { problem: `ping exited ${r.code}: ${r.stderr.trim()}` };
      }
      case 'eavesdrop': {
        const a = o.instances.get(from);
        const b = o.instances.get(to);
        if (a === undefined || b === undefined)
          return { problem: `${from} or ${to} is not an overlay instance` };
        const at = probe.link === 'internet' ? o.internetNamespace : a.adminNamespace;
        return hunt(
          at,
          token,
          this.probeTimeoutMs,
          a.namespace,
          b.ip,
          probe.port,
          Buffer.from(token),
          this.ignoredIn(at),
        );
      }
      case 'forgeVxlan': {
        const attacker = external(from);
        const b = o.instances.get(to);
        if (attacker === undefined || b === undefined)
          return { problem: `${from} or ${to} is unknown` };
        const payload = vxlanPayload({
          vni: b.vni,
          dstMac: b.mac,
          srcMac: '02:6e:63:ee:ee:01',
          srcIp: attacker.ip,
          dstIp: b.ip,
          dstPort: probe.port,
          token,
        });
        return hunt(
          b.namespace,
          token,
          this.probeTimeoutMs,
          attacker.namespace,
          b.hostPublicIp,
          b.udpPort,
          payload,
          this.ignoredIn(b.namespace),
        );
      }
      case 'leakVxlan': {
        const a = o.instances.get(from);
        const target = external(to);
        if (a === undefined || target === undefined)
          return { problem: `${from} or ${to} is unknown` };
        const payload = vxlanPayload({
          vni: a.vni,
          dstMac: '02:6e:63:ee:ee:02',
          srcMac: a.mac,
          srcIp: a.ip,
          dstIp: a.ip,
          dstPort: 9,
          token,
        });
        return hunt(
          target.namespace,
          token,
          this.probeTimeoutMs,
          a.hostNamespace,
          target.ip,
          a.udpPort,
          payload,
          this.ignoredIn(target.namespace),
        );
      }
    }
  }
}
