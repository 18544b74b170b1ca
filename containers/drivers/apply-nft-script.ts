/**
 * Runs one nft script in one host, as a single transaction: one process
 * (`[...enter, 'nft', '-f', '-']`) reading the script on stdin, no temporary file.
 * (Only `nft -j -f -` cannot read Node's stdin, a socket; the text format can.)
 */
import type { DriverHost } from '../../harness/dataplane/index.ts';
import { runCommand, type CommandResult } from '../../harness/process/index.ts';

/** How one host command ended. */
export type HostCommandResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'failed'; readonly message: string; readonly stderr: string };

/** Turns a command's result into a host result naming the host and command. */
export function toHostResult(
  host: DriverHost,
  argv: readonly string[],
  result: CommandResult,
): HostCommandResult {
  if (result.kind === 'exited' && result.code === 0) return { kind: 'ok' };
  const what = `host ${host.name}: ${argv.join(' ')}`;
  switch (result.kind) {
    case 'exited':
      return { kind: 'failed', message: `${what} exited ${result.code}`, stderr: result.stderr };
    case 'timeout':
      return { kind: 'failed', message: `${what} timed out`, stderr: result.stderr };
    case 'spawn-failed':
      return { kind: 'failed', message: `${what} could not start`, stderr: result.message };
  }
}

/** Applies `script` in `host` with `[...host.enter, 'nft', '-f', '-']`, the script on stdin. */
export async function applyNftScript(
  host: DriverHost,
  script: string,
  timeoutMs = 30_000,
): Promise<HostCommandResult> {
  const argv = [...host.enter, 'nft', '-f', '-'];
  return toHostResult(host, argv, await runCommand(argv, { timeoutMs, input: script }));
}

/** Runs `command` (argv without the enter prefix) inside `host`. */
export async function runInHost(
  host: DriverHost,
  command: readonly string[],
  timeoutMs = 30_000,
): Promise<HostCommandResult> {
  const argv = [...host.enter, ...command];
  return toHostResult(host, argv, await runCommand(argv, { timeoutMs }));
}
