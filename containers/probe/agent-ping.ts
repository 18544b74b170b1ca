/**
 * ICMP for the probe agent. Node has no raw sockets, so echoes are sent with `ping`,
 * and the receiving side watches echo requests with a small raw-socket helper run by
 * Debian's `/usr/bin/python3` in the agent's own namespace: it reports the source
 * address each request arrived with, so NAT of ICMP is observed like TCP and UDP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterPendingIo, Failure } from './agent-io.ts';
import type { AgentMessage } from './protocol.ts';

type Answer = Omit<Extract<AgentMessage, { ok: true }>, 'id'>;

/** Running `ping`s by identifier. */
const pings = new Map<number, ChildProcess>();

/**
 * One echo request with `identifier`; `delivered` tells whether the reply came back
 * within `timeoutMs`. `ping` itself waits up to `lingerMs`: a reply after the answer
 * calls `late()`.
 */
export function ping(
  dst: string,
  identifier: number,
  timeoutMs: number,
  lingerMs: number,
  late: () => void,
): Promise<Answer> {
  const seconds = Math.max(Math.max(lingerMs, timeoutMs) / 1000, 0.01).toFixed(3);
  const argv = ['-n', '-q', '-c', '1', '-W', seconds, '-e', String(identifier), dst];
  // A ping still lingering with this identifier would take the new one's reply for its own.
  pings.get(identifier)?.kill('SIGKILL');
  return new Promise((resolve, reject) => {
    const child = spawn('ping', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    pings.set(identifier, child);
    child.on('exit', () => {
      if (pings.get(identifier) === child) pings.delete(identifier);
    });
    let stderr = '';
    let answered = false;
    const answer = (delivered: boolean): void => {
      answered = true;
      clearTimeout(timer);
      resolve({ ok: true, delivered });
    };
    const timer = setTimeout(() => afterPendingIo(() => answered || answer(false)), timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Failure('ENOPING', `${e.message} (apt-get install iputils-ping)`));
    });
    child.on('close', (code) => {
      if (answered) {
        if (code === 0) late();
      } else if (code === 0 || code === 1) answer(code === 0);
      else {
        clearTimeout(timer);
        reject(new Failure('EPING', `ping exited ${code}: ${stderr.trim()}`));
      }
    });
  });
}

// Prints "ready", then "<source> <identifier>" per echo request received; exits when
// its stdin closes (the agent died), so it never outlives the agent.
const WATCHER = `
import os, select, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
print("ready", flush=True)
while True:
    ready, _, _ = select.select([s, 0], [], [])
    if 0 in ready and not os.read(0, 512):
        break
    if s in ready:
        data, (source, _) = s.recvfrom(65535)
        h = (data[0] & 15) * 4
        if len(data) >= h + 8 and data[h] == 8:
            print(source, int.from_bytes(data[h + 4:h + 6], "big"), flush=True)
`;
const PYTHON = '/usr/bin/python3';

let watcher: Promise<void> | undefined;

/**
 * Starts the echo-request watcher once; `seen(source, identifier)` is called for every
 * echo request this namespace receives. The agent exits if the watcher dies, so the
 * controller starts a fresh agent (and watcher) on next use.
 */
export function watchEchoRequests(
  seen: (source: string, identifier: number) => void,
  died: (why: string) => void,
): Promise<void> {
  watcher ??= new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-I', '-S', '-c', WATCHER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let ready = false;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) =>
      reject(new Failure('ENOPYTHON', `${PYTHON}: ${e.message} (apt-get install python3)`)),
    );
    child.on('exit', (code, signal) => {
      const why = `the ICMP watcher exited (${signal ?? code}): ${stderr.trim()}`;
      if (ready) died(why);
      else reject(new Failure('EWATCH', why));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        ready = true;
        return resolve();
      }
      const [source, identifier] = line.split(' ');
      if (source !== undefined && identifier !== undefined) seen(source, Number(identifier));
    });
  });
  // A watcher that never started is tried again on the next listen.
  watcher.catch(() => (watcher = undefined));
  return watcher;
}
