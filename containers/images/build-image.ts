/**
 * Builds an image from a definition without any registry: debootstrap makes a Debian
 * rootfs from the machine's package mirror, then `docker import` turns it into an image
 * tagged with the definition's content hash. Results as data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, type CommandResult } from '../../harness/process/index.ts';
import { imageTag, type ImageDefinition } from './definition.ts';

/** Default Debian mirror; override with `NETCONFORM_DEBIAN_MIRROR`. */
export const DEFAULT_DEBIAN_MIRROR = 'http://deb.debian.org/debian';

export interface BuildOptions {
  readonly mirror?: string;
  /** Called with one line per build phase (for progress output). */
  readonly onProgress?: (line: string) => void;
}

export type BuildResult =
  | { readonly kind: 'built'; readonly tag: string; readonly elapsedMs: number }
  | {
      readonly kind: 'failed';
      readonly tag: string;
      readonly phase: string;
      readonly message: string;
    };

function failure(result: CommandResult): string | null {
  if (result.kind === 'exited' && result.code === 0) return null;
  if (result.kind === 'spawn-failed') return result.message;
  const tail = (result.stderr + result.stdout).trim().split('\n').slice(-15).join('\n');
  return result.kind === 'timeout' ? `timed out:\n${tail}` : `exit ${result.code}:\n${tail}`;
}

/** Builds `definition` and tags it; always removes its temporary rootfs. */
export async function buildImage(
  definition: ImageDefinition,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const tag = imageTag(definition);
  const progress = options.onProgress ?? (() => undefined);
  const mirror = options.mirror ?? process.env.NETCONFORM_DEBIAN_MIRROR ?? DEFAULT_DEBIAN_MIRROR;
  const started = performance.now();
  const since = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const work = await mkdtemp(join(tmpdir(), 'netconform-image-'));
  const rootfs = join(work, 'rootfs');
  const archive = join(work, 'rootfs.tar');
  try {
    const steps: { phase: string; argv: string[]; timeoutMs: number }[] = [
      {
        phase: `debootstrap ${definition.suite} (${definition.variant} + ${definition.packages.join(', ')}) from ${mirror}`,
        argv: [
          'debootstrap',
          `--variant=${definition.variant}`,
          `--include=${definition.packages.join(',')}`,
          definition.suite,
          rootfs,
          mirror,
        ],
        timeoutMs: 900_000,
      },
      {
        phase: 'prune and pack the rootfs',
        argv: [
          'sh',
          '-c',
          'cd "$1" && shift && rm -rf "$@" && tar -cf ../rootfs.tar --numeric-owner .',
          'sh',
          rootfs,
          ...definition.prune,
        ],
        timeoutMs: 300_000,
      },
      {
        phase: `docker import as ${tag}`,
        argv: [
          'docker',
          'import',
          ...definition.changes.flatMap((c) => ['--change', c]),
          archive,
          tag,
        ],
        timeoutMs: 300_000,
      },
    ];
    for (const step of steps) {
      progress(`[${since()}] ${step.phase}`);
      const message = failure(await runCommand(step.argv, { timeoutMs: step.timeoutMs }));
      if (message !== null) return { kind: 'failed', tag, phase: step.phase, message };
    }
    const elapsedMs = performance.now() - started;
    progress(`[${since()}] built ${tag}`);
    return { kind: 'built', tag, elapsedMs };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
