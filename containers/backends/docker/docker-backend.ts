/**
 * The `docker` backend: the netns backend's topology with compute hosts, site routers
 * and the internet router as containers (see docs/backends.md). Containers of a
 * destroyed dataplane serve the next one of the same shape (see container-stock.ts).
 */
import type { ResolvedTopology } from '../../../spec/index.ts';
import type { DataplaneBackend, DataplaneOptions } from '../../../harness/dataplane/index.ts';
import { ensureImage, NODE_IMAGE } from '../../images/index.ts';
import { duringRootActivity, releaseRun } from '../../lifecycle/index.ts';
import {
  checkDataplaneOptions,
  claimPrefix,
  planNetns,
  planOverlays,
  type BuildPlan,
} from '../netns/index.ts';
import { buildDockerPlan } from './build.ts';
import { removeContainerRun } from './container-set.ts';
import { containerStock } from './container-stock.ts';
import { DockerDataplane } from './docker-dataplane.ts';
import { planDocker } from './docker-plan.ts';
import { dockerode } from './engine.ts';
import { dockerPreflight } from './preflight.ts';
import { shapeKey } from './shape.ts';
import { wantsOverlays } from '../overlay-support.ts';

/** Prefix of the plan that only computes a topology's shape (never built). */
const SHAPE_PREFIX = 'shape0';

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

/** The netns plan the Docker plan derives from: danube's overlay shape, or routed/bridged. */
function basePlan(
  topology: ResolvedTopology,
  options: DataplaneOptions,
  prefix: string,
): BuildPlan {
  return wantsOverlays(topology, options)
    ? planOverlays(topology, prefix)
    : planNetns(topology, prefix, options.plumbing);
}

async function create(
  topology: ResolvedTopology,
  options: DataplaneOptions,
): Promise<DockerDataplane> {
  checkDataplaneOptions(options);
  const [tag, docker] = await Promise.all([nodeImage(), dockerode()]);
  // A run named by the caller keeps its own containers: its prefix must be free again after it.
  const reusable = options.runPrefix === undefined;
  const reused = reusable
    ? await containerStock.take(shapeKey(planDocker(basePlan(topology, options, SHAPE_PREFIX))))
    : null;
  const prefix = reused?.prefix ?? claimPrefix(options.runPrefix);
  let dataplane: DockerDataplane;
  try {
    const base = basePlan(topology, options, prefix);
    dataplane = new DockerDataplane(
      base,
      planDocker(base),
      options.probeTimeoutMs,
      docker,
      reusable,
    );
  } catch (error) {
    if (reused === null) releaseRun(prefix);
    else await removeContainerRun(docker, prefix, [...reused.nodes.keys()]);
    throw error;
  }
  try {
    dataplane.builtOn(await buildDockerPlan(docker, tag, dataplane.dockerPlan, reused));
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
  // The engine adds bridges, veths and rules in the root namespace: a driver's root
  // baseline is retaken after a build.
  create: (topology, options) => duringRootActivity(() => create(topology, options)),
};
