/**
 * The Node end of `launcher.py`: one launcher process per harness process, started on
 * the first command and again after it dies, unreferenced so it never keeps Node alive
 * (each command's own timeout timer does while it runs). Requests and events are JSON
 * lines; see `launcher.py` for the protocol.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProcessEvents, ProcessStarter } from './process-starter.ts';

/** Debian's interpreter (a `python3` on PATH may be a slow shim or another version). */
export const PYTHON = '/usr/bin/python3';

const SCRIPT = fileURLToPath(new URL('launcher.py', import.meta.url));

interface LauncherEvent {
  readonly id: number;
  readonly pid?: number;
  readonly error?: string;
  readonly out?: string;
  readonly err?: string;
  readonly exit?: number | null;
  readonly signal?: number | null;
  readonly closed?: true;
}

const signalName = (n: number): NodeJS.Signals | null =>
  (Object.entries(constants.signals).find(([, v]) => v === n)?.[0] as NodeJS.Signals) ?? null;

class Launcher {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, ProcessEvents>();
  #stderr = '';
  #gone: string | null = null;

  constructor(private readonly onGone: () => void) {
    // -I: no environment or user site influences it; -S: no site import (faster start).
    this.#child = spawn(PYTHON, ['-I', '-S', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.unref();
    for (const stream of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
      (stream as unknown as { unref?: () => void }).unref?.();
    }
    this.#child.stdin.on('error', () => undefined);
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4_000);
    });
    this.#child.on('error', (error) => this.#fail(`${PYTHON}: ${error.message}`));
    this.#child.on('exit', (code, sig) =>
      this.#fail(`exited (${sig ?? `code ${code}`}): ${this.#stderr.trim()}`),
    );
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.#event(line));
  }

  start(id: number, argv: readonly string[], input: string, events: ProcessEvents): void {
    if (this.#gone !== null) return events.error(`the command launcher ${this.#gone}`);
    this.#pending.set(id, events);
    this.#send({ op: 'start', id, argv, input });
  }

  /** Closes its stdin and waits (at most `ms`) for it to exit, so that it is reaped. */
  stop(ms: number): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#child.stdin.end();
    });
  }

  abandon(id: number): void {
    if (this.#pending.delete(id)) this.#send({ op: 'abandon', id });
  }

  #send(request: object): void {
    this.#child.stdin.write(`${JSON.stringify(request)}\n`);
  }

  #event(line: string): void {
    const event = JSON.parse(line) as LauncherEvent;
    const events = this.#pending.get(event.id);
    if (events === undefined) return;
    if (event.pid !== undefined) events.spawned(event.pid);
    else if (event.error !== undefined) {
      this.#pending.delete(event.id);
      events.error(event.error);
    } else if (event.out !== undefined) events.stdout(Buffer.from(event.out, 'base64'));
    else if (event.err !== undefined) events.stderr(Buffer.from(event.err, 'base64'));
    else if (event.exit !== undefined)
      events.exit(event.exit, event.signal == null ? null : signalName(event.signal));
    else if (event.closed) {
      this.#pending.delete(event.id);
      events.close();
    }
  }

  /** The launcher is gone: its commands' groups are killed by it; tell every caller. */
  #fail(reason: string): void {
    if (this.#gone !== null) return;
    this.#gone = reason;
    this.onGone();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const events of pending) events.error(`the command launcher ${reason}`);
  }
}

let current: Launcher | null = null;
let nextId = 1;

/** Starts commands through the launcher (one per process, restarted after it dies). */
export const launcherStart: ProcessStarter = (file, args, input, events) => {
  const launcher = (current ??= new Launcher(() => {
    if (current === launcher) current = null;
  }));
  const id = nextId++;
  launcher.start(id, [file, ...args], input, events);
  return { stopReading: () => launcher.abandon(id) };
};

/**
 * Stops the launcher (if one runs) and waits for its exit: call when the harness is
 * done, so that its CPU and its commands' is counted to this process (`time`, rusage).
 */
export async function stopLauncher(ms = 2_000): Promise<void> {
  const launcher = current;
  current = null;
  await launcher?.stop(ms);
}
