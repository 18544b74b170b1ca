/** The exact command line that replays a scenario file. */

/** Quotes `arg` for a POSIX shell when it needs quoting. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export interface ReplayCommandOptions {
  readonly scenarioPath: string;
  readonly driver: string;
  readonly backend: string;
  /** Added only when it differs from the CLI default. */
  readonly probeTimeoutMs?: number;
  readonly repeat?: number;
}

/** Default of `--probe-timeout`, shared by every command. */
export const DEFAULT_PROBE_TIMEOUT_MS = 300;

/** `netconform replay <file> --driver D --backend B [...]`. */
export function replayCommand(options: ReplayCommandOptions): string {
  const args = [
    'netconform',
    'replay',
    options.scenarioPath,
    '--driver',
    options.driver,
    '--backend',
    options.backend,
  ];
  if (options.probeTimeoutMs !== undefined && options.probeTimeoutMs !== DEFAULT_PROBE_TIMEOUT_MS) {
    args.push('--probe-timeout', String(options.probeTimeoutMs));
  }
  if (options.repeat !== undefined) args.push('--repeat', String(options.repeat));
  return args.map(shellQuote).join(' ');
}
