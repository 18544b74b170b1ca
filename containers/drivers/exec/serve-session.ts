/**
 * A long-lived `PATH serve` process (the `exec-serve:PATH` driver): one JSON request
 * per line on its stdin (`{"op":"apply","state":{...}}`), answered by one JSON line
 * with `applied` on its stdout (`{"log":...}` lines may come first). It runs in its
 * own process group like a one-shot run and has the same bounds per request: a
 * timeout, garbage, too much output or an exit end the process (a driver error); the
 * next request starts a new one. Sessions are shared per program within a process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import { OutputCollector, killGroup, trackGroup } from '../../../harness/process/index.ts';
import type { DriverRunEnding } from './describe-failure.ts';
import { parseDriverOutput, type DriverLogEntry } from './driver-output.ts';
import { wireState } from './state-file.ts';

/** How one request ended; `ending` absent: applied. */
export interface ServeReply {
  readonly ending?: DriverRunEnding;
  readonly logs: readonly DriverLogEntry[];
  readonly stderr: string;
  readonly cancelled: boolean;
}

interface Limits {
  readonly timeoutMs: number;
  readonly maxStdoutBytes: number;
  readonly stderrTailBytes: number;
}

interface Pending {
  readonly logs: DriverLogEntry[];
  bytes: number;
  settle(ending: DriverRunEnding | undefined): void;
}

const sessions = new Map<string, ServeSession>();
/** After a failure, how long to wait for the rest of the process's stderr. */
const STDERR_GRACE_MS = 300;

export class ServeSession {
  #child: ChildProcessWithoutNullStreams | null = null;
  #untrack: () => boolean = () => false;
  #stderr: OutputCollector;
  #pending: Pending | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #cancelled = false;

  private constructor(
    private readonly executable: string,
    private readonly limits: Limits,
  ) {
    this.#stderr = new OutputCollector('tail', limits.stderrTailBytes);
  }

  /** The session of `executable`, shared by every driver of this process. */
  static of(executable: string, limits: Limits): ServeSession {
    let session = sessions.get(executable);
    if (session === undefined)
      sessions.set(executable, (session = new ServeSession(executable, limits)));
    return session;
  }

  /** Sends one request and waits for its answer; requests run one at a time. */
  request(op: 'apply' | 'teardown', state: DriverState): Promise<ServeReply> {
    const next = this.#queue.then(() => this.#send(op, state));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #start(): ChildProcessWithoutNullStreams {
    const child = spawn(this.executable, ['serve'], { stdio: 'pipe', detached: true });
    this.#child = child;
    // An idle session never keeps netconform alive: a pending request's timer does.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as unknown as { unref?: () => void }).unref?.();
    }
    this.#stderr = new OutputCollector('tail', this.limits.stderrTailBytes);
    this.#untrack = child.pid === undefined ? () => false : trackGroup(child.pid);
    child.stdin.on('error', () => undefined);
    child.stderr.on('data', (chunk: Buffer) => void this.#stderr.add(chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      const pending = this.#pending;
      if (pending === null || this.#child !== child) return;
      pending.bytes += chunk.length;
      if (pending.bytes > this.limits.maxStdoutBytes) {
        pending.settle({ kind: 'output-limit', limitBytes: this.limits.maxStdoutBytes });
      }
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.#child === child) this.#line(line);
    });
    child.on('error', (error) => {
      if (this.#child === child)
        this.#pending?.settle({ kind: 'spawn-failed', message: error.message });
    });
    child.on('exit', (code, signal) => {
      this.#cancelled = this.#untrack() || this.#cancelled;
      if (this.#child !== child) return; // stopped already; its request is settled
      this.#child = null;
      this.#pending?.settle({ kind: 'exit', code: code ?? 128 + (signal === null ? 0 : 9) });
    });
    return child;
  }

  #line(line: string): void {
    const pending = this.#pending;
    if (pending === null || line.trim() === '') return;
    const parsed = parseDriverOutput(line);
    if (parsed.kind === 'garbage') return pending.settle({ kind: 'garbage', output: parsed });
    pending.logs.push(...parsed.logs);
    if (parsed.failures.length > 0) {
      const messages = parsed.failures.map((f) => (f.host ? `${f.host}: ${f.message}` : f.message));
      return pending.settle({ kind: 'reported', messages });
    }
    // `{"applied":true,"host":H}` is progress (host H done); the answer ends at the line
    // that names no host. Ending at a progress line answered this request early, and its
    // last lines then answered the next request before the program had read it (O5).
    const answer = JSON.parse(line) as { applied?: boolean; host?: unknown };
    if (answer.applied === true && answer.host === undefined) pending.settle(undefined);
  }

  #send(op: 'apply' | 'teardown', state: DriverState): Promise<ServeReply> {
    const child = this.#child ?? this.#start();
    const stderr = this.#stderr;
    return new Promise((resolve) => {
      const logs: DriverLogEntry[] = [];
      const timer = setTimeout(
        () => pending.settle({ kind: 'timeout', timeoutMs: this.limits.timeoutMs }),
        this.limits.timeoutMs,
      );
      const pending: Pending = {
        logs,
        bytes: 0,
        settle: (ending) => {
          if (this.#pending !== pending) return;
          this.#pending = null;
          clearTimeout(timer);
          const reply = () => {
            const cancelled = this.#cancelled;
            this.#cancelled = false;
            resolve({ ...(ending ? { ending } : {}), logs, stderr: stderr.text(), cancelled });
          };
          if (ending === undefined) return reply();
          // After any failure the process is not trusted again: the next request restarts
          // it. Its last stderr (the reason, usually) may still be on its way: short wait.
          this.#stop(child);
          const grace = setTimeout(reply, STDERR_GRACE_MS);
          child.stderr.once('close', () => {
            clearTimeout(grace);
            reply();
          });
        },
      };
      this.#pending = pending;
      child.stdin.write(`${JSON.stringify({ op, state: wireState(state) })}\n`);
    });
  }

  #stop(child: ChildProcessWithoutNullStreams): void {
    if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    child.stdout.destroy();
    if (this.#child === child) this.#child = null;
  }
}
