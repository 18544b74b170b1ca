/**
 * Runs one nft script in one host, as a single transaction. The script goes through a
 * temporary file because `nft -f -` cannot read Node's stdin pipe.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Applies `script` in `host` with `[...host.enter, 'nft', '-f', FILE]`. */
export async function applyNftScript(
  host: DriverHost,
  script: string,
  timeoutMs = 30_000,
): Promise<HostCommandResult> {
  const dir = await mkdtemp(join(tmpdir(), 'netconform-nft-'));
  try {
    const file = join(dir, `${host.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.nft`);
    await writeFile(file, script, 'utf8');
    const argv = [...host.enter, 'nft', '-f', file];
    return toHostResult(host, argv, await runCommand(argv, { timeoutMs }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
