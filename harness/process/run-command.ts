/**
 * Runs a command (argv, no shell) and captures its output. Results as data: a
 * non-zero exit or a timeout is a value, not an exception.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandOptions {
  /** Kill the command after this many milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  /** Text written to the command's standard input. */
  readonly input?: string;
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
    }
  | { readonly kind: 'timeout'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'spawn-failed'; readonly message: string };

/** Runs `argv` and resolves with how it ended. Never rejects. */
export function runCommand(
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.resolve({ kind: 'spawn-failed', message: 'empty argv' });
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined); // the command may exit before reading
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'spawn-failed', message: `${file}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const status = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
      resolve(
        timedOut
          ? { kind: 'timeout', stdout, stderr }
          : { kind: 'exited', code: status, signal, stdout, stderr },
      );
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
