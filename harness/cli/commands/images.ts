/**
 * `netconform images build`: builds (or finds cached) the Docker backend's images from
 * Debian packages, with progress output, and prints each tag and the time taken.
 */
import type { Command } from 'commander';
import { ensureImage, NODE_IMAGE } from '../../../containers/images/index.ts';
import { ExitCode, UsageError } from '../../dataplane/exit-codes.ts';

interface BuildFlags {
  readonly force?: boolean;
  readonly mirror?: string;
}

async function buildImages(flags: BuildFlags): Promise<void> {
  const result = await ensureImage(NODE_IMAGE, {
    force: flags.force === true,
    ...(flags.mirror === undefined ? {} : { mirror: flags.mirror }),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  if (result.kind === 'failed') {
    throw new UsageError(
      `building ${result.tag} failed during "${result.phase}": ${result.message}\n` +
        'Is the engine running and debootstrap installed? Run: bash scripts/setup-docker.sh',
      ExitCode.badInput,
    );
  }
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  process.stdout.write(`${result.tag} ${result.kind} in ${seconds} s\n`);
}

/** Registers `images build`. */
export function registerImagesCommand(program: Command): void {
  const images = program
    .command('images')
    .description('Container images of the Docker backend (built locally, no registry).');
  images
    .command('build')
    .description('Build the images from Debian packages unless a cached build exists.')
    .option('--force', 'rebuild even when an image with the same content hash exists')
    .option(
      '--mirror <url>',
      'Debian mirror for debootstrap (default: $NETCONFORM_DEBIAN_MIRROR or deb.debian.org)',
    )
    .action(buildImages);
}
