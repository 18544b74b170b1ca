/** Process exit codes shared by every command. */
export const ExitCode = {
  /** Everything agreed (or the command succeeded). */
  ok: 0,
  /** A confirmed disagreement between model and dataplane (or a contradicted `expect`). */
  disagreement: 1,
  /** Bad input: scenario file, flags, missing privileges or tools. */
  badInput: 2,
  /** Only inconclusive probes kept the run from a verdict. */
  inconclusive: 3,
  /** The firewall driver failed (non-zero exit, timeout, garbage): not a conformance verdict. */
  driverError: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error whose message is meant for the user, with the exit code to use. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.badInput,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
