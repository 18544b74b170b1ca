/**
 * Turns how an external driver run ended into a user-facing message that says what
 * went wrong and how to fix it, ending with the tail of the driver's stderr.
 */
import type { ParsedDriverOutput } from './driver-output.ts';

const STDERR_TAIL_LINES = 20;
const STDERR_TAIL_CHARS = 4000;
const ROOT_CHANGES_SHOWN = 20;
const CHECK_SHEBANG =
  'Check its first line names an interpreter that exists (e.g. #!/usr/bin/env bash) ' +
  'and that the file is executable.';

/** How one driver run ended, as the exec driver saw it. */
export type DriverRunEnding =
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'output-limit'; readonly limitBytes: number }
  | { readonly kind: 'lingering' }
  | { readonly kind: 'root-namespace'; readonly changes: readonly string[] }
  | { readonly kind: 'spawn-failed'; readonly message: string }
  | { readonly kind: 'garbage'; readonly output: Extract<ParsedDriverOutput, { kind: 'garbage' }> }
  | { readonly kind: 'reported'; readonly messages: readonly string[] };

/** What the message needs to know about the run. */
export interface DriverRunContext {
  /** The driver as the user named it (`exec:PATH`). */
  readonly name: string;
  /** The command line that was run, shell-quoted, for the user to paste and repeat. */
  readonly commandLine: string;
  readonly generation: number;
}

/** The last lines of `stderr`, indented, or a note that it was empty. */
export function stderrTail(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length === 1 && lines[0] === '') return '  (the driver wrote nothing to stderr)';
  let tail = lines.slice(-STDERR_TAIL_LINES).join('\n');
  if (tail.length > STDERR_TAIL_CHARS) tail = `...${tail.slice(-STDERR_TAIL_CHARS)}`;
  const cut = lines.length > STDERR_TAIL_LINES ? '  ...\n' : '';
  return cut + tail.replace(/^/gm, '  ');
}

function whatAndFix(ending: DriverRunEnding): string {
  switch (ending.kind) {
    case 'exit':
      if (ending.code === 126 || ending.code === 127) {
        return `could not be started (exit ${ending.code}). ${CHECK_SHEBANG}`;
      }
      return (
        `exited with code ${ending.code}. A driver must exit 0 once every host is ` +
        'programmed; see its stderr below for the cause.'
      );
    case 'timeout':
      return (
        `did not finish within ${ending.timeoutMs} ms and was killed with its whole ` +
        'process group. Make it finish faster (one `nft -f` per host, no waiting on ' +
        'the network) or raise the limit with NETCONFORM_DRIVER_TIMEOUT_MS=<ms>.'
      );
    case 'output-limit':
      return (
        `wrote more than ${ending.limitBytes} bytes to stdout and was killed with its whole ` +
        'process group. stdout carries short JSON lines only; send bulk output to stderr ' +
        '(only its end is kept) or to a file.'
      );
    case 'lingering':
      return (
        'exited but left processes holding its stdout/stderr open; they were killed with ' +
        'its process group. Wait for every child before exiting (a long-lived agent must ' +
        'detach itself: its own session, no inherited stdout/stderr).'
      );
    case 'root-namespace': {
      const shown = ending.changes.slice(0, ROOT_CHANGES_SHOWN).map((c) => `\n  ${c}`);
      const more = ending.changes.length - shown.length;
      return (
        'changed the root network namespace of this machine, which a driver must never ' +
        "touch: run every command through the host's `enter` prefix (see STATE.json). " +
        `What changed (+ added, - removed):${shown.join('')}` +
        (more > 0 ? `\n  ... and ${more} more` : '') +
        '\nUndo these changes by hand: netconform does not.'
      );
    }
    case 'spawn-failed':
      return `could not be started: ${ending.message}. ${CHECK_SHEBANG}`;
    case 'garbage':
      return (
        `wrote something other than JSON lines to stdout (line ${ending.output.lineNumber}: ` +
        `${JSON.stringify(ending.output.line.slice(0, 200))}: ${ending.output.problem}). ` +
        'stdout is reserved for JSON lines such as {"applied":true} or {"log":"..."}; ' +
        'send human-readable output to stderr (`echo ... >&2`) or wrap it in {"log":...}.'
      );
    case 'reported':
      return `reported a failure on stdout: ${ending.messages.join('; ')}.`;
  }
}

/** The full message for a failed driver run. */
export function describeFailure(
  ending: DriverRunEnding,
  context: DriverRunContext,
  stderr: string,
): string {
  return (
    `driver ${context.name} failed at generation ${context.generation}: ` +
    `\`${context.commandLine}\` ${whatAndFix(ending)}\n` +
    'The state file stays at that path, to inspect or to re-run the command by hand.\n' +
    `Driver stderr (last lines):\n${stderrTail(stderr)}`
  );
}
