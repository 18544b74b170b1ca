/** ICMP echo for the probe agent, through `ping` (raw sockets are out of Node's reach). */
import { spawn } from 'node:child_process';
import { Failure } from './agent-io.ts';
import type { AgentMessage } from './protocol.ts';

type Answer = Omit<Extract<AgentMessage, { ok: true }>, 'id'>;

/** One echo request with `identifier`; `delivered` tells whether the reply came back. */
export function ping(dst: string, identifier: number, timeoutMs: number): Promise<Answer> {
  const seconds = Math.max(timeoutMs / 1000, 0.01).toFixed(3);
  const argv = ['-n', '-q', '-c', '1', '-W', seconds, '-e', String(identifier), dst];
  return new Promise((resolve, reject) => {
    const child = spawn('ping', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) =>
      reject(new Failure('ENOPING', `${e.message} (apt-get install iputils-ping)`)),
    );
    child.on('close', (code) => {
      if (code === 0 || code === 1) resolve({ ok: true, delivered: code === 0 });
      else reject(new Failure('EPING', `ping exited ${code}: ${stderr.trim()}`));
    });
  });
}
