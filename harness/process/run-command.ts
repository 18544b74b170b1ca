/**
 * Runs a command (argv, no shell) and captures its output. Results as data: a
 * non-zero exit or a timeout is a value, not an exception.
 *
 * Every command runs in its own session (so its own process group): a timeout kills
 * the whole group, children included; processes the command leaves holding its
 * output are killed after a short grace instead of being waited for; output is
 * bounded. `killLiveCommands()` kills every group still running (on a signal). Commands
 * are started by the launcher process by default (`process-starter.ts`).
 */
import { constants } from 'node:os';
import { OutputCollector } from './output-collector.ts';
import { killGroup, trackGroup } from './live-groups.ts';
import { processStarter, type ProcessStarter } from './process-starter.ts';

export interface CommandOptions {
  /** Kill the command (its whole process group) after this many milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  /** Text written to the command's standard input. */
  readonly input?: string;
  /**
   * On timeout, SIGTERM the group first and SIGKILL it this much later (default 0:
   * SIGKILL at once).
   */
  readonly killGraceMs?: number;
  /** Past this much stdout the group is killed (default 64 MiB). */
  readonly maxStdoutBytes?: number;
  /** Only the last this-many bytes of stderr are kept (default 256 KiB). */
  readonly stderrTailBytes?: number;
  /**
   * After the command exits, wait at most this long for its output pipes to close;
   * then kill whatever still holds them (default 1 s).
   */
  readonly pipeGraceMs?: number;
}

export type CommandResult =
  | {
      readonly kind: 'exited';
      /** Exit status; 128 + signal number when a signal ended the command (as shells report). */
      readonly code: number;
      /** The signal that ended the command, if one did. */
      readonly signal: NodeJS.Signals | null;
      readonly stdout: string;
      readonly stderr: string;
      /** Set when stdout passed `maxStdoutBytes` and the command was killed for it. */
      readonly stdoutLimitBytes?: number;
      /** Set when processes it left behind still held its output past the grace (now killed). */
      readonly lingered?: true;
      /** Set when `killLiveCommands` killed it (the harness is stopping). */
      readonly cancelled?: true;
    }
  | { readonly kind: 'timeout'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'spawn-failed'; readonly message: string };

const DEFAULTS = {
  timeoutMs: 30_000,
  killGraceMs: 0,
  maxStdoutBytes: 64 * 1024 * 1024,
  stderrTailBytes: 256 * 1024,
  pipeGraceMs: 1_000,
};

/** Runs `argv` and resolves with how it ended. Never rejects. */
export function runCommand(
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.resolve({ kind: 'spawn-failed', message: 'empty argv' });
  const o = { ...DEFAULTS, ...options };
  let start: ProcessStarter;
  try {
    start = processStarter();
  } catch (error) {
    return Promise.resolve({ kind: 'spawn-failed', message: (error as Error).message });
  }
  return new Promise((resolve) => {
    let pid: number | undefined;
    let untrack = () => false;
    // A signal asked for before the launcher reported the pid is sent once it does.
    let pendingSignal: NodeJS.Signals | null = null;
    const signal = (sig: NodeJS.Signals) => {
      if (pid === undefined) pendingSignal = sig;
      else killGroup(pid, sig);
    };
    const stdout = new OutputCollector('head', o.maxStdoutBytes);
    const stderr = new OutputCollector('tail', o.stderrTailBytes);
    let timedOut = false;
    let stdoutLimited = false;
    let lingered = false;
    let exit: { code: number | null; sig: NodeJS.Signals | null } | null = null;
    const timers: NodeJS.Timeout[] = [];
    let done = false;

    const finish = () => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      // Nothing of the command may outlive it (it holds no pipe, but may still run).
      signal('SIGKILL');
      const cancelled = untrack();
      const code = exit?.code ?? null;
      const sig = exit?.sig ?? null;
      const status = code ?? 128 + (sig === null ? 0 : (constants.signals[sig] ?? 0));
      const out = stdout.text();
      const err = stderr.text();
      if (timedOut) return resolve({ kind: 'timeout', stdout: out, stderr: err });
      resolve({
        kind: 'exited',
        code: status,
        signal: sig,
        stdout: out,
        stderr: err,
        ...(stdoutLimited ? { stdoutLimitBytes: o.maxStdoutBytes } : {}),
        ...(lingered ? { lingered: true as const } : {}),
        ...(cancelled ? { cancelled: true as const } : {}),
      });
    };

    timers.push(
      setTimeout(() => {
        timedOut = true;
        signal(o.killGraceMs > 0 ? 'SIGTERM' : 'SIGKILL');
        if (o.killGraceMs > 0) timers.push(setTimeout(() => signal('SIGKILL'), o.killGraceMs));
      }, o.timeoutMs),
    );
    const started = start(file, args, options.input ?? '', {
      spawned: (p) => {
        pid = p;
        untrack = trackGroup(p);
        if (pendingSignal !== null) killGroup(p, pendingSignal);
      },
      stdout: (chunk) => {
        if (stdout.add(chunk) || stdoutLimited) return;
        stdoutLimited = true;
        signal('SIGKILL');
      },
      stderr: (chunk) => void stderr.add(chunk),
      error: (message) => {
        if (done) return;
        done = true;
        timers.forEach(clearTimeout);
        // The launcher died under a running command: its group must not outlive it.
        if (pid !== undefined) killGroup(pid, 'SIGKILL');
        untrack();
        resolve({ kind: 'spawn-failed', message });
      },
      exit: (code, sig) => {
        exit = { code, sig };
        // Children that inherited stdout/stderr keep the pipes open: do not wait for them.
        timers.push(
          setTimeout(() => {
            lingered = true;
            signal('SIGKILL');
            started.stopReading();
            finish();
          }, o.pipeGraceMs),
        );
      },
      close: () => {
        if (exit !== null) finish();
      },
    });
  });
}

/** Runs `argv` and returns stdout; throws with the command's stderr when it fails. */
export async function runOrThrow(
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<string> {
  const result = await runCommand(argv, options);
  if (result.kind === 'exited' && result.code === 0) return result.stdout;
  const detail =
    result.kind === 'spawn-failed'
      ? result.message
      : result.kind === 'timeout'
        ? `timed out: ${result.stderr.trim()}`
        : `exit ${result.code}: ${result.stderr.trim()}`;
  throw new Error(`command failed: ${argv.join(' ')}: ${detail}`);
}
