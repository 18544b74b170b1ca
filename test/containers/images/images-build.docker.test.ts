/**
 * `netconform images build` prints the tag and the time taken; a second build of the
 * same definition is served from the cache and names the image the engine holds.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { imageTag, NODE_IMAGE } from '../../../containers/images/index.ts';
import { runCommand, runOrThrow } from '../../../harness/process/index.ts';

const cli = fileURLToPath(new URL('../../../bin/netconform.mjs', import.meta.url));

describe('netconform images build', () => {
  it('builds or finds the node image, then reports it cached', async () => {
    const line = /^(netconform-node:[0-9a-f]{12}) (built|cached) in \d+\.\d s$/;
    const first = await runCommand([process.execPath, cli, 'images', 'build'], {
      timeoutMs: 900_000,
    });
    expect(first).toMatchObject({ kind: 'exited', code: 0 });
    const second = await runCommand([process.execPath, cli, 'images', 'build'], {
      timeoutMs: 60_000,
    });
    expect(second).toMatchObject({ kind: 'exited', code: 0 });
    if (second.kind !== 'exited') return;
    const match = line.exec(second.stdout.trim());
    expect(match?.[1]).toBe(imageTag(NODE_IMAGE));
    expect(match?.[2]).toBe('cached');
    const labels = await runOrThrow([
      'docker',
      'image',
      'inspect',
      '--format',
      '{{json .Config.Labels}}',
      imageTag(NODE_IMAGE),
    ]);
    expect(JSON.parse(labels)).toMatchObject({ 'netconform.image': 'node' });
  });
});
