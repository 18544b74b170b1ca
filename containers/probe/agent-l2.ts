/**
 * Raw Ethernet for the probe agent. Node has no AF_PACKET sockets, so a small helper
 * run by Debian's `/usr/bin/python3` in the agent's own namespace sends the frames the
 * controller built (`frames.ts`) on `eth0` and reports every received frame that
 * carries a token (`FRAME_MARKER`), with its source MAC; it can put the NIC in
 * promiscuous mode for its lifetime (a packet-socket membership, gone with it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Failure } from './agent-io.ts';
import { FRAME_MARKER } from './frames.ts';

// Prints {"mac": ...} once bound, {"sent": n} per "send HEX" line, {"token", "src"} per
// frame with a token; "promisc" adds a promiscuous membership. Exits when stdin closes.
const HELPER = `
import json, os, select, socket, struct, sys
IFACE = sys.argv[1]
MARK = ${JSON.stringify(FRAME_MARKER)}.encode()
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((IFACE, 0))
def out(o):
    sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
out({"mac": s.getsockname()[4].hex(":")})
buf = b""
while True:
    ready, _, _ = select.select([s, 0], [], [])
    if 0 in ready:
        data = os.read(0, 65536)
        if not data:
            break
        buf += data
        while b"\\n" in buf:
            line, buf = buf.split(b"\\n", 1)
            cmd, _, arg = line.decode().partition(" ")
            if cmd == "send":
                out({"sent": s.send(bytes.fromhex(arg))})
            elif cmd == "promisc":
                mreq = struct.pack("iHH8s", socket.if_nametoindex(IFACE), 1, 0, b"")
                s.setsockopt(263, 1, mreq)
                out({"promisc": True})
    if s in ready:
        frame, addr = s.recvfrom(65535)
        at = frame.find(MARK)
        if addr[2] == 4 or at < 0:
            continue
        # A token ends at the first byte no token has (a NUL, a DNS label length).
        token = b""
        for c in frame[at + len(MARK):at + len(MARK) + 40]:
            if c > 127 or not (chr(c).isalnum() or chr(c) in "._-"):
                break
            token += bytes([c])
        token = token.decode()
        out({"token": token, "src": frame[6:12].hex(":")})
`;
const PYTHON = '/usr/bin/python3';
const IFACE = 'eth0';

type HelperLine =
  | { readonly mac: string }
  | { readonly sent: number }
  | { readonly promisc: true }
  | { readonly token: string; readonly src: string };

/** The running helper: its NIC's MAC, and requests answered in order. */
interface Helper {
  readonly mac: string;
  readonly child: ChildProcess;
  readonly answers: ((line: HelperLine) => void)[];
  promisc: boolean;
}

let helper: Promise<Helper> | undefined;

/**
 * Starts the helper once; `seen(token, srcMac)` is called for every frame with a token
 * that reaches this namespace's `eth0`. The agent exits if the helper dies.
 */
function start(seen: (token: string, src: string) => void, died: (why: string) => void) {
  helper ??= new Promise<Helper>((resolve, reject) => {
    const child = spawn(PYTHON, ['-I', '-S', '-c', HELPER, IFACE], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let started: Helper | undefined;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) =>
      reject(new Failure('ENOPYTHON', `${PYTHON}: ${e.message} (apt-get install python3)`)),
    );
    child.on('exit', (code, signal) => {
      const why = `the raw-frame helper exited (${signal ?? code}): ${stderr.trim()}`;
      if (started) died(why);
      else reject(new Failure('EFRAMES', why));
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as HelperLine;
      if ('mac' in line) {
        started = { mac: line.mac, child, answers: [], promisc: false };
        return resolve(started);
      }
      if ('token' in line) return seen(line.token, line.src);
      started?.answers.shift()?.(line);
    });
  });
  // A helper that never started is tried again on the next use.
  helper.catch(() => (helper = undefined));
  return helper;
}

function ask(h: Helper, command: string): Promise<HelperLine> {
  return new Promise((resolve) => {
    h.answers.push(resolve);
    h.child.stdin?.write(command + '\n');
  });
}

/** Watches frames (and, `promisc`, frames for other MACs too); resolves with eth0's MAC. */
export async function watchFrames(
  promisc: boolean,
  seen: (token: string, src: string) => void,
  died: (why: string) => void,
): Promise<string> {
  const h = await start(seen, died);
  if (promisc && !h.promisc) {
    await ask(h, 'promisc');
    h.promisc = true;
  }
  return h.mac;
}

/** Sends one frame (hex) on eth0 through the helper. */
export async function sendFrame(
  hex: string,
  seen: (token: string, src: string) => void,
  died: (why: string) => void,
): Promise<void> {
  if (!/^([0-9a-f]{2})+$/.test(hex)) throw new Failure('EFRAME', 'a frame is hex bytes');
  const h = await start(seen, died);
  const answer = await ask(h, `send ${hex}`);
  if (!('sent' in answer) || answer.sent * 2 !== hex.length)
    throw new Failure(
      'EFRAME',
      `the helper sent ${JSON.stringify(answer)} of ${hex.length / 2} bytes`,
    );
}
