/**
 * The `exec:PATH` driver: runs an external program as the firewall driver, so users
 * can test their own agent or rule renderer. `PATH apply STATE.json` after the
 * topology is built and after every configuration step, `PATH teardown STATE.json`
 * at the end. The contract is documented in docs/drivers.md.
 */
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import type { DriverResult, FirewallDriver } from '../../../harness/dataplane/contract.ts';
import type { DriverState } from '../../../harness/dataplane/driver-state.ts';
import { runCommand, type CommandResult } from '../../../harness/process/index.ts';
import { describeFailure, type DriverRunEnding } from './describe-failure.ts';
import { parseDriverOutput, type DriverLogEntry } from './driver-output.ts';
import { resolveExecutable } from './resolve-executable.ts';
import { removeStateFile, writeStateFile } from './state-file.ts';

/** Default limit for one `apply` or `teardown` run. */
export const DEFAULT_EXEC_TIMEOUT_MS = 20_000;
/** After the limit, SIGTERM; after this grace, SIGKILL to the whole process group. */
const KILL_GRACE_S = 2;
/** Keep at most this much of the driver's stderr in a result. */
const STDERR_KEEP_CHARS = 64 * 1024;

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
  elapsedMs: number,
  timeoutMs: number,
  log: (entry: DriverLogEntry) => void,
): Outcome {
  if (result.kind === 'spawn-failed') {
    return { ok: false, ending: { kind: 'spawn-failed', message: result.message } };
  }
  // GNU timeout exits 124 after SIGTERM, or dies of its own group SIGKILL (which
  // runCommand reports as code 1): any failure past the limit is the timeout.
  const timedOut = result.kind === 'timeout' || (result.code !== 0 && elapsedMs >= timeoutMs);
  if (timedOut) return { ok: false, ending: { kind: 'timeout', timeoutMs } };
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

/**
 * Creates the driver for `exec:PATH`. Throws a `UsageError` (exit code 2) when PATH
 * does not exist or is not executable.
 */
export function createExecDriver(path: string, options: ExecDriverOptions = {}): FirewallDriver {
  const executable = resolveExecutable(path);
  const name = `exec:${path}`;
  const timeoutMs = options.timeoutMs ?? timeoutFromEnv() ?? DEFAULT_EXEC_TIMEOUT_MS;
  const log = options.onLog ?? defaultLog(name);

  async function run(command: 'apply' | 'teardown', state: DriverState) {
    const file = writeStateFile(state);
    const started = performance.now();
    // GNU timeout puts the driver in its own process group and signals the whole
    // group, so children the driver started (nft, sleep...) die with it.
    const argv = [
      'timeout',
      `--kill-after=${KILL_GRACE_S}s`,
      `${timeoutMs / 1000}s`,
      executable,
      command,
      file,
    ];
    const result = await runCommand(argv, { timeoutMs: timeoutMs + (KILL_GRACE_S + 5) * 1000 });
    const elapsedMs = Math.round(performance.now() - started);
    const outcome = judge(result, elapsedMs, timeoutMs, log);
    const stderr = result.kind === 'spawn-failed' ? '' : result.stderr.slice(-STDERR_KEEP_CHARS);
    if (outcome.ok) {
      removeStateFile(file);
      return { kind: 'applied', elapsedMs } as const;
    }
    // Kept for the user: the message names it, so the command line can be re-run.
    const context = {
      name,
      commandLine: `${path} ${command} ${file}`,
      generation: state.generation,
    };
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
