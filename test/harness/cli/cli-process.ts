/** Runs the real CLI (`node bin/netconform.mjs`) as a child process for end-to-end tests. */
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../../harness/process/index.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `netconform ...args` from the repository root; throws only if it cannot run at all. */
export async function netconform(args: readonly string[], timeoutMs = 280_000): Promise<CliResult> {
  const result = await runCommand(['node', `${repoRoot}bin/netconform.mjs`, ...args], {
    timeoutMs,
  });
  if (result.kind === 'spawn-failed') throw new Error(result.message);
  if (result.kind === 'timeout')
    throw new Error(`netconform ${args.join(' ')} timed out:\n${result.stderr}`);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}
