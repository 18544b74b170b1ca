/** Quoting for command lines printed for users to paste into a shell. */

/** Quotes `arg` for a POSIX shell when it needs quoting. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `argv` as one shell command line, each word quoted when it needs it. */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
