/**
 * Removing a run while another removal of it is under way (a stock's drain beside its
 * idle timer, `netconform cleanup` beside the run's own end): the engine answers the
 * second container removal "already in progress" at once, and removing the networks
 * beside the still-attached containers failed with "has active endpoints" (CI, run
 * 2026-12-04). Each case makes a fresh run of three containers on one internal network.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type Dockerode from 'dockerode';
import { dockerode } from '../../../../containers/backends/docker/engine.ts';
import { runLabels } from '../../../../containers/backends/docker/labels.ts';
import { removeDockerRun } from '../../../../containers/backends/docker/remove-run.ts';
import { ensureImage, imageTag, NODE_IMAGE } from '../../../../containers/images/index.ts';
import { containersOf, networksOf } from './docker-engine.ts';

let docker: Dockerode;
let round = 0;
const prefixes: string[] = [];

beforeAll(async () => {
  docker = await dockerode();
  const image = await ensureImage(NODE_IMAGE);
  expect(image.kind).not.toBe('failed');
}, 300_000);

afterEach(async () => {
  for (const prefix of prefixes.splice(0)) await removeDockerRun(docker, prefix);
});

/** A run `prefix` of three running containers on one internal network; returns them. */
async function makeRun(): Promise<{ prefix: string; containers: Dockerode.Container[] }> {
  const prefix = `ncrm${process.pid % 1000}${round++}`;
  prefixes.push(prefix);
  const network = `netconform-${prefix}-lan`;
  await docker.createNetwork({ Name: network, Internal: true, Labels: runLabels(prefix) });
  const containers = await Promise.all(
    [0, 1, 2].map(async () => {
      const c = await docker.createContainer({
        Image: imageTag(NODE_IMAGE),
        Cmd: ['sleep', '600'],
        Labels: runLabels(prefix),
        HostConfig: { NetworkMode: network },
      });
      await c.start();
      return c;
    }),
  );
  return { prefix, containers };
}

describe('removeDockerRun beside another removal of the same run', () => {
  it('two removals in this process: both succeed and nothing is left', async () => {
    for (let i = 0; i < 3; i++) {
      const { prefix } = await makeRun();
      const [a, b] = await Promise.all([
        removeDockerRun(docker, prefix),
        removeDockerRun(docker, prefix),
      ]);
      expect([...a.errors, ...b.errors]).toEqual([]);
      expect(await containersOf(prefix)).toEqual([]);
      expect(await networksOf(prefix)).toEqual([]);
    }
  }, 120_000);

  it('a removal started elsewhere: it waits for it, then removes the network', async () => {
    for (let i = 0; i < 3; i++) {
      const { prefix, containers } = await makeRun();
      // Either side may find the other's removal in progress; only ours is judged.
      const elsewhere = containers.map((c) => c.remove({ force: true }).catch(() => undefined));
      const removal = await removeDockerRun(docker, prefix);
      await Promise.all(elsewhere);
      expect(removal.errors).toEqual([]);
      expect(await containersOf(prefix)).toEqual([]);
      expect(await networksOf(prefix)).toEqual([]);
    }
  }, 120_000);
});
