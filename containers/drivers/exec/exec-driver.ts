/**
 * The `exec:PATH` driver: runs an external program as the firewall driver, so users
 * can test their own agent or rule renderer. `PATH apply STATE.json` after the
 * topology is built and after every configuration step, `PATH teardown STATE.json`
 * at the end. The contract is documented in docs/drivers.md.
 */
import { formatDriverSpec } from '../../../harness/dataplane/driver-spec.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import type { DriverResult, FirewallDriver } from '../../../harness/dataplane/contract.ts';
import type { DriverState } from '../../../harness/dataplane/driver-state.ts';
import {
  runCommand,
  shellCommandLine,
  type CommandResult,
} from '../../../harness/process/index.ts';
import {
  duringRootActivity,
  rootBaseline,
  rootChangesOfCall,
  rootSnapshotAfter,
} from '../../lifecycle/index.ts';
import { describeFailure, type DriverRunEnding } from './describe-failure.ts';
import { parseDriverOutput, type DriverLogEntry } from './driver-output.ts';
import { resolveExecutable } from './resolve-executable.ts';
import { ServeSession } from './serve-session.ts';
import { keepStateFile, removeStateFile, writeStateFile } from './state-file.ts';

/** Default limit for one `apply` or `teardown` run. */
export const DEFAULT_EXEC_TIMEOUT_MS = 20_000;
/** After the limit, SIGTERM to the driver's process group; after this grace, SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Keep at most this much of the driver's stderr (its end) in a result. */
const STDERR_KEEP_BYTES = 64 * 1024;
/** A driver writing more than this to stdout is killed (stdout carries short JSON lines). */
export const DRIVER_STDOUT_LIMIT_BYTES = 8 * 1024 * 1024;
/** How long processes the driver left behind may hold its stdout/stderr after it exited. */
const PIPE_GRACE_MS = 1_000;

/** Environment variable that sets the limit when no option does (milliseconds). */
export const EXEC_TIMEOUT_ENV = 'NETCONFORM_DRIVER_TIMEOUT_MS';

export interface ExecDriverOptions {
  /** Limit for one run of the driver program (default: $NETCONFORM_DRIVER_TIMEOUT_MS, else 20 s). */
  readonly timeoutMs?: number;
  /**
   * Receives the driver's `{"log":...}` lines and warnings about it (a failed
   * teardown). Default: warnings and errors go to the harness's stderr.
   */
  readonly onLog?: (entry: DriverLogEntry) => void;
  /** Run one long-lived `PATH serve` process instead of one process per run. */
  readonly serve?: boolean;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly ending: DriverRunEnding };

function defaultLog(name: string): (entry: DriverLogEntry) => void {
  return (entry) => {
    if (entry.level !== 'warn' && entry.level !== 'error') return;
    const host = entry.host === undefined ? '' : ` [${entry.host}]`;
    const about = entry.origin === 'harness' ? '' : `driver ${name}${host}: `;
    process.stderr.write(`netconform: ${about}${entry.message}\n`);
  };
}

function timeoutFromEnv(): number | undefined {
  const raw = process.env[EXEC_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new UsageError(
      `${EXEC_TIMEOUT_ENV}=${raw} is not a positive number of milliseconds; set e.g. ${EXEC_TIMEOUT_ENV}=60000`,
    );
  }
  return ms;
}

/** Reads how the run ended; a non-zero exit wins over stdout problems. */
function judge(
  result: CommandResult,
  timeoutMs: number,
  log: (entry: DriverLogEntry) => void,
): Outcome {
  if (result.kind === 'spawn-failed') {
    return { ok: false, ending: { kind: 'spawn-failed', message: result.message } };
  }
  if (result.kind === 'timeout') return { ok: false, ending: { kind: 'timeout', timeoutMs } };
  if (result.stdoutLimitBytes !== undefined) {
    return { ok: false, ending: { kind: 'output-limit', limitBytes: result.stdoutLimitBytes } };
  }
  if (result.lingered === true) return { ok: false, ending: { kind: 'lingering' } };
  const output = parseDriverOutput(result.stdout);
  if (output.kind === 'ok') output.logs.forEach(log);
  if (result.code !== 0) return { ok: false, ending: { kind: 'exit', code: result.code } };
  if (output.kind === 'garbage') return { ok: false, ending: { kind: 'garbage', output } };
  if (output.failures.length > 0) {
    const messages = output.failures.map((f) => (f.host ? `${f.host}: ${f.message}` : f.message));
    return { ok: false, ending: { kind: 'reported', messages } };
  }
  return { ok: true };
}

/** One driver run as data, whichever mode ran it. */
interface Invocation {
  readonly outcome: Outcome;
  readonly stderr: string;
  readonly cancelled: boolean;
  /** The state file given to the program (one-shot), or null (serve: sent on stdin). */
  readonly file: string | null;
}

/**
 * Creates the driver for `exec:PATH` (one process per run) or, with `serve: true`,
 * `exec-serve:PATH` (one long-lived `PATH serve` process answering requests). Throws
 * a `UsageError` (exit code 2) when PATH does not exist or is not executable.
 */
export function createExecDriver(path: string, options: ExecDriverOptions = {}): FirewallDriver {
  const executable = resolveExecutable(path);
  const serve = options.serve === true;
  const name = formatDriverSpec({ kind: 'exec', path, serve });
  const timeoutMs = options.timeoutMs ?? timeoutFromEnv() ?? DEFAULT_EXEC_TIMEOUT_MS;
  const log = options.onLog ?? defaultLog(name);
  const limits = {
    timeoutMs,
    maxStdoutBytes: DRIVER_STDOUT_LIMIT_BYTES,
    stderrTailBytes: STDERR_KEEP_BYTES,
  };

  async function oneShot(command: 'apply' | 'teardown', state: DriverState): Promise<Invocation> {
    const file = writeStateFile(state);
    // runCommand runs the driver in its own session and kills the whole process group
    // (children such as nft or a stray `sleep` too) on timeout or too much output.
    const result = await runCommand([executable, command, file], {
      ...limits,
      killGraceMs: KILL_GRACE_MS,
      pipeGraceMs: PIPE_GRACE_MS,
    });
    return {
      outcome: judge(result, timeoutMs, log),
      stderr: result.kind === 'spawn-failed' ? '' : result.stderr,
      cancelled: result.kind === 'exited' && result.cancelled === true,
      file,
    };
  }

  async function served(command: 'apply' | 'teardown', state: DriverState): Promise<Invocation> {
    const reply = await ServeSession.of(executable, limits).request(command, state);
    reply.logs.forEach(log);
    const outcome: Outcome = reply.ending ? { ok: false, ending: reply.ending } : { ok: true };
    return { outcome, stderr: reply.stderr, cancelled: reply.cancelled, file: null };
  }

  async function run(command: 'apply' | 'teardown', state: DriverState) {
    // A driver that misses its `enter` prefix changes the machine itself: caught here.
    // The baseline is the previous clean call's "after" while it is still current.
    const before = await rootBaseline();
    const started = performance.now();
    const ran = await duringRootActivity(() => (serve ? served : oneShot)(command, state));
    const elapsedMs = Math.round(performance.now() - started);
    const after = await rootSnapshotAfter();
    // Other runs' links and changes a second reading no longer shows are not the driver's.
    const rootChanges = await rootChangesOfCall(before, after.snapshot, state.runId);
    if (rootChanges.length === 0) after.keep();
    const outcome: Outcome =
      rootChanges.length > 0
        ? { ok: false, ending: { kind: 'root-namespace', changes: rootChanges } }
        : ran.outcome;
    const { stderr } = ran;
    if (outcome.ok || ran.cancelled) {
      if (ran.file !== null) removeStateFile(ran.file);
      if (outcome.ok) return { kind: 'applied', elapsedMs } as const;
      // The harness is stopping (a signal): nothing to keep, nothing to re-run.
      const message = `driver ${name} was stopped: netconform is exiting on a signal`;
      return { kind: 'driver-error', message, stderr } as const;
    }
    // Kept for the user: the message names it, so the command line can be re-run.
    const kept = keepStateFile(ran.file ?? writeStateFile(state));
    const commandLine = serve
      ? `${shellCommandLine(['jq', '-c', `{op: "${command}", state: .}`, kept])} | ${shellCommandLine([path, 'serve'])}`
      : shellCommandLine([path, command, kept]);
    const context = { name, commandLine, generation: state.generation };
    const message = describeFailure(outcome.ending, context, stderr);
    return { kind: 'driver-error', message, stderr } as const;
  }

  return {
    name,
    async apply(state: DriverState): Promise<DriverResult> {
      return run('apply', state);
    },
    async teardown(state: DriverState): Promise<void> {
      // Teardown runs during cleanup: report, never throw, so the dataplane still goes.
      const result = await run('teardown', state);
      if (result.kind === 'driver-error') {
        log({ level: 'error', message: result.message, origin: 'harness' });
      }
    },
  };
}
