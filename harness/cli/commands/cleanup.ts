/**
 * `netconform cleanup`: removes what crashed runs left behind (Docker containers and
 * networks of the Docker backend, network namespaces named `netconform-<prefix>-*`,
 * processes still inside them, run claim files) and prints
 * what it removed, or "nothing to clean". Live runs are kept unless `--all`.
 */
import type { Command } from 'commander';
import { cleanupLeftovers, describeCleanup } from '../../../containers/lifecycle/index.ts';
import { RUN_PREFIX_PATTERN } from '../../../containers/backends/netns/names.ts';
import { UsageError } from '../../dataplane/exit-codes.ts';

interface CleanupFlags {
  readonly prefix?: string;
  readonly all?: boolean;
}

async function cleanup(flags: CleanupFlags): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new UsageError('cleanup deletes network namespaces: run as root');
  if (flags.prefix !== undefined && !RUN_PREFIX_PATTERN.test(flags.prefix)) {
    throw new UsageError(`--prefix "${flags.prefix}" is not a run prefix (like nc4k2z)`);
  }
  const options = {
    ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
    includeLive: flags.all === true,
  };
  // Docker first: its containers hold processes in the run's namespaces. Loaded lazily
  // so other commands never pay for the Docker client.
  const docker = await import('../../../containers/backends/docker/index.ts');
  const dockerReport = await docker.cleanupDockerLeftovers(options);
  const report = await cleanupLeftovers(options);
  if (dockerReport.kind === 'no-engine') {
    process.stderr.write(`${docker.describeDockerCleanup(dockerReport).join('\n')}\n`);
  }
  const dockerLines =
    dockerReport.kind === 'done' ? docker.describeDockerCleanup(dockerReport) : [];
  const netnsLines = describeCleanup(report);
  const lines =
    dockerLines.length > 0
      ? [...dockerLines, ...netnsLines.filter((l) => l !== 'nothing to clean')]
      : netnsLines;
  for (const line of lines) process.stdout.write(`${line}\n`);
}

/** Registers `cleanup`. */
export function registerCleanupCommand(program: Command): void {
  program
    .command('cleanup')
    .description(
      'Remove namespaces, processes and Docker objects left behind by crashed netconform runs.',
    )
    .option('--prefix <prefix>', 'only the run with this prefix')
    .option('--all', 'also remove runs whose process is still running')
    .action(cleanup);
}
