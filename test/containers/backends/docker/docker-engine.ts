/** Helpers for docker-tier tests: what the engine and the machine hold for a run. */
import { imageTag, NODE_IMAGE } from '../../../../containers/images/index.ts';
import { runOrThrow } from '../../../../harness/process/index.ts';

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

/** Names of containers (any state) labelled with run `prefix`. */
export async function containersOf(prefix: string): Promise<string[]> {
  return lines(
    await runOrThrow([
      'docker',
      'ps',
      '-a',
      '--filter',
      `label=netconform.run=${prefix}`,
      '--format',
      '{{.Names}}',
    ]),
  );
}

/** Names of networks labelled with run `prefix`. */
export async function networksOf(prefix: string): Promise<string[]> {
  return lines(
    await runOrThrow([
      'docker',
      'network',
      'ls',
      '--filter',
      `label=netconform.run=${prefix}`,
      '--format',
      '{{.Name}}',
    ]),
  );
}

/** Namespaces of run `prefix` under /run/netns. */
export async function namespacesOf(prefix: string): Promise<string[]> {
  return lines(await runOrThrow(['ip', 'netns', 'list']))
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`netconform-${prefix}-`));
}

/** True when the cached node image exists. */
export async function nodeImageCached(): Promise<boolean> {
  const ids = await runOrThrow(['docker', 'images', '-q', imageTag(NODE_IMAGE)]);
  return ids.trim() !== '';
}
