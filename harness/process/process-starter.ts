/**
 * How `runCommand` starts a command: what it hears back is the same whichever starter
 * runs it (a process-group leader's pid, output chunks, its exit, its pipes closing).
 *
 * - `launcher` (the default): one small long-lived Python process per harness process
 *   (`launcher.py`) forks the commands. Forking Node costs ~12 ms of CPU per command on a
 *   paravirtualised VM (page tables of a large process), the launcher ~2 ms; a run starts
 *   ~30 commands per scenario (docs/bench.md, "Spawning from a small process").
 * - `direct`: Node's own `child_process.spawn`.
 *
 * `NETCONFORM_SPAWN=direct|launcher` chooses.
 */
import { spawn } from 'node:child_process';
import { UsageError } from '../dataplane/exit-codes.ts';
import { launcherStart } from './launcher.ts';

/** What a started command reports, in this order: `spawned` (or `error`), output, `exit`, `close`. */
export interface ProcessEvents {
  /** Started: `pid` leads the command's own session and process group. */
  spawned(pid: number): void;
  /** Could not start; nothing runs. */
  error(message: string): void;
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** The command ended (`code` null when a signal ended it). */
  exit(code: number | null, signal: NodeJS.Signals | null): void;
  /** Its output pipes closed (after `exit`). */
  close(): void;
}

/** A started command: the caller may stop listening to its pipes (they lingered). */
export interface StartedProcess {
  stopReading(): void;
}

/** Starts `file args` in its own session with `input` on stdin. */
export type ProcessStarter = (
  file: string,
  args: readonly string[],
  input: string,
  events: ProcessEvents,
) => StartedProcess;

export type StarterKind = 'launcher' | 'direct';
/** The environment variable that chooses the starter. */
export const SPAWN_ENV = 'NETCONFORM_SPAWN';

/** The chosen starter kind; throws `UsageError` naming the variable otherwise. */
export function starterKind(env: NodeJS.ProcessEnv = process.env): StarterKind {
  const value = env[SPAWN_ENV];
  if (value === undefined || value === '' || value === 'launcher') return 'launcher';
  if (value === 'direct') return 'direct';
  throw new UsageError(
    `${SPAWN_ENV}=${value} is not a way to start commands: use launcher or direct (or leave it unset for launcher)`,
  );
}

/** Node's `spawn`, detached (setsid) so the command leads its own process group. */
export const directStart: ProcessStarter = (file, args, input, events) => {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let failed = false;
  child.on('error', (error) => {
    if (failed) return;
    failed = true;
    events.error(`${file}: ${error.message}`);
  });
  if (child.pid !== undefined) events.spawned(child.pid);
  child.stdout.on('data', (chunk: Buffer) => events.stdout(chunk));
  child.stderr.on('data', (chunk: Buffer) => events.stderr(chunk));
  child.stdin.on('error', () => undefined); // the command may exit before reading
  child.stdin.end(input);
  child.on('exit', (code, sig) => events.exit(code, sig));
  child.on('close', () => {
    if (!failed) events.close();
  });
  return {
    stopReading: () => {
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
};

/** The starter `NETCONFORM_SPAWN` chooses. */
export function processStarter(env: NodeJS.ProcessEnv = process.env): ProcessStarter {
  return starterKind(env) === 'direct' ? directStart : launcherStart;
}
