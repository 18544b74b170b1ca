/**
 * A long-lived TCP connection between two namespaces for conntrack tests: a one-client
 * echo server and a client that sends one word per `send` and reports the echo or a
 * timeout (Debian's python3; the harness's probe agent opens flows per step only).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

const SERVER = `
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('0.0.0.0', int(sys.argv[1]))); s.listen(); print('listening', flush=True)
c, _ = s.accept()
while True:
    d = c.recv(100)
    if not d: break
    c.sendall(b'echo-' + d)
`;
const CLIENT = `
import socket, sys
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
for line in sys.stdin:
    c.sendall(line.strip().encode())
    try: print(c.recv(100).decode() or 'closed', flush=True)
    except OSError as e: print('timeout' if isinstance(e, socket.timeout) else 'error', flush=True)
`;

function python(ns: string, code: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn('ip', ['netns', 'exec', ns, '/usr/bin/python3', '-c', code, ...args]);
}

/** The next line, or `exited` when the process closed its stdout first. */
function nextLine(lines: Interface): Promise<string> {
  return new Promise((resolve) => {
    const onClose = () => resolve('exited');
    lines.once('close', onClose);
    lines.once('line', (line: string) => {
      lines.off('close', onClose);
      resolve(line);
    });
  });
}

export interface TcpFlow {
  /** Sends `word`; resolves to `echo-<word>`, `timeout` (2 s) or `error`. */
  send(word: string): Promise<string>;
  close(): void;
}

/** Opens a connection from `clientNs` to `ip:port` served in `serverNs`. */
export async function openTcpFlow(
  clientNs: string,
  serverNs: string,
  ip: string,
  port: number,
): Promise<TcpFlow> {
  const server = python(serverNs, SERVER, [String(port)]);
  await nextLine(createInterface({ input: server.stdout }));
  const client = python(clientNs, CLIENT, [ip, String(port)]);
  const replies = createInterface({ input: client.stdout });
  return {
    send: (word) => {
      const reply = nextLine(replies);
      client.stdin.write(`${word}\n`);
      return reply;
    },
    close: () => {
      client.kill('SIGKILL');
      server.kill('SIGKILL');
    },
  };
}
