/**
 * The `docker` backend: the netns backend's topology with compute hosts, site routers
 * and the internet router as containers (see docs/backends.md).
 */
import type { ResolvedTopology } from '../../../spec/index.ts';
import type { DataplaneBackend, DataplaneOptions } from '../../../harness/dataplane/index.ts';
import { ensureImage, NODE_IMAGE } from '../../images/index.ts';
import { claimRun, releaseRun } from '../../lifecycle/index.ts';
import { checkRunPrefix, planNetns, randomRunPrefix } from '../netns/index.ts';
import { buildDockerPlan } from './build.ts';
import { DockerDataplane } from './docker-dataplane.ts';
import { planDocker } from './docker-plan.ts';
import { dockerode } from './engine.ts';
import { dockerPreflight } from './preflight.ts';

function claimPrefix(wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (!claimRun(checkRunPrefix(wanted))) {
      throw new Error(
        `runPrefix "${wanted}" is held by another run (or a crashed one: run \`netconform cleanup\`)`,
      );
    }
    return wanted;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const prefix = randomRunPrefix();
    if (claimRun(prefix)) return prefix;
  }
  throw new Error('could not claim a free run prefix: run `netconform cleanup`');
}

/** The image, built on first use (with progress on stderr, as it takes a while). */
async function nodeImage(): Promise<string> {
  const image = await ensureImage(NODE_IMAGE, {
    onProgress: (line) => process.stderr.write(`netconform: image ${line}\n`),
  });
  if (image.kind === 'failed') {
    throw new Error(
      `building image ${image.tag} failed during "${image.phase}": ${image.message} ` +
        '(run `bash scripts/setup-docker.sh`, then `netconform images build`)',
    );
  }
  return image.tag;
}

async function create(
  topology: ResolvedTopology,
  options: DataplaneOptions,
): Promise<DockerDataplane> {
  if (!(options.negativeTimeoutMs > 0)) {
    throw new Error(
      `negativeTimeoutMs must be a positive number of milliseconds, got ${options.negativeTimeoutMs}`,
    );
  }
  const [tag, docker] = await Promise.all([nodeImage(), dockerode()]);
  const prefix = claimPrefix(options.runPrefix);
  let dataplane: DockerDataplane;
  try {
    const base = planNetns(topology, prefix);
    dataplane = new DockerDataplane(base, planDocker(base), options.negativeTimeoutMs, docker);
  } catch (error) {
    releaseRun(prefix);
    throw error;
  }
  try {
    await buildDockerPlan(docker, tag, dataplane.dockerPlan);
  } catch (error) {
    await dataplane.destroy().catch(() => undefined);
    throw error;
  }
  dataplane.startAgents();
  return dataplane;
}

/** The `docker` dataplane backend. */
export const dockerBackend: DataplaneBackend = {
  name: 'docker',
  preflight: dockerPreflight,
  create,
};
