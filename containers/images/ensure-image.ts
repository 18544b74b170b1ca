/**
 * Makes sure an image exists locally, building it on first use. Images are cached by
 * the content hash of their definition, so a changed definition builds a new tag and an
 * unchanged one is never rebuilt.
 */
import { runCommand } from '../../harness/process/index.ts';
import { buildImage, type BuildOptions } from './build-image.ts';
import { imageTag, type ImageDefinition } from './definition.ts';

export type EnsureResult =
  | { readonly kind: 'cached'; readonly tag: string; readonly elapsedMs: number }
  | { readonly kind: 'built'; readonly tag: string; readonly elapsedMs: number }
  | {
      readonly kind: 'failed';
      readonly tag: string;
      readonly phase: string;
      readonly message: string;
    };

/** True when the engine has an image tagged `tag`. */
export async function imageExists(tag: string): Promise<boolean> {
  const result = await runCommand(['docker', 'image', 'inspect', '--format', '{{.Id}}', tag], {
    timeoutMs: 30_000,
  });
  return result.kind === 'exited' && result.code === 0;
}

// One build per tag per process, however many dataplanes ask at once.
const inFlight = new Map<string, Promise<EnsureResult>>();

/** Returns the cached image or builds it (`force` rebuilds even when cached). */
export function ensureImage(
  definition: ImageDefinition,
  options: BuildOptions & { readonly force?: boolean } = {},
): Promise<EnsureResult> {
  const tag = imageTag(definition);
  const pending = inFlight.get(tag);
  if (pending !== undefined) return pending;
  const started = performance.now();
  const promise = (async (): Promise<EnsureResult> => {
    if (options.force !== true && (await imageExists(tag))) {
      return { kind: 'cached', tag, elapsedMs: performance.now() - started };
    }
    return buildImage(definition, options);
  })().finally(() => inFlight.delete(tag));
  inFlight.set(tag, promise);
  return promise;
}
