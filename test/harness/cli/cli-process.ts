/** Runs the real CLI (`node bin/netconform.mjs`) as a child process for end-to-end tests. */
import { fileURLToPath } from 'node:url';
import { JOBS_ENV } from '../../../harness/cli/options/jobs-flag.ts';
import { runCommand } from '../../../harness/process/index.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `netconform ...args` from the repository root; throws only if it cannot run at all.
 * Runs use 2 jobs unless they pass `--jobs`, as the in-process suites do: other test files
 * share the machine, and 12 jobs per spawned run (the default on 2 cores) starved them.
 */
export async function netconform(args: readonly string[], timeoutMs = 280_000): Promise<CliResult> {
  const argv = ['env', `${JOBS_ENV}=2`, 'node', `${repoRoot}bin/netconform.mjs`, ...args];
  const result = await runCommand(argv, {
    timeoutMs,
  });
  if (result.kind === 'spawn-failed') throw new Error(result.message);
  if (result.kind === 'timeout')
    throw new Error(`netconform ${args.join(' ')} timed out:\n${result.stderr}`);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}
