/**
 * Removes a run's containers and networks, found by label (so also what a crashed or
 * half-built run left). Namespaces are removed by the lifecycle module.
 */
import type Dockerode from 'dockerode';
import { engineMessage } from './engine.ts';
import { LABEL_BACKEND, LABEL_RUN } from './labels.ts';

export interface DockerRemoval {
  readonly prefix: string;
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly errors: readonly string[];
}

/** Docker label filter for `prefix`, or for every run when null. */
export function labelFilter(prefix: string | null): string {
  const labels = [
    `${LABEL_BACKEND}=docker`,
    ...(prefix === null ? [] : [`${LABEL_RUN}=${prefix}`]),
  ];
  return JSON.stringify({ label: labels });
}

// One removal per run per process: a second caller (a stock's drain beside an idle
// timer, a signal beside the normal end) joins the first instead of racing it.
const inFlight = new Map<string, Promise<DockerRemoval>>();

/** How long to wait for a removal another process started (the engine's "already in progress"). */
const FOREIGN_REMOVAL_MS = 30_000;

/**
 * Force-removes every container, then every network, of run `prefix`. A network is
 * removed only once no container of the run is left: a container whose removal is
 * still in progress (started by another caller) keeps its endpoint, and removing
 * the network beside it fails with "has active endpoints".
 */
export function removeDockerRun(docker: Dockerode, prefix: string): Promise<DockerRemoval> {
  const running = inFlight.get(prefix);
  if (running !== undefined) return running;
  const removal = removeRun(docker, prefix).finally(() => inFlight.delete(prefix));
  inFlight.set(prefix, removal);
  return removal;
}

async function removeRun(docker: Dockerode, prefix: string): Promise<DockerRemoval> {
  const errors: string[] = [];
  const filters = labelFilter(prefix);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch((e: unknown) => {
          if (!/no such container|already in progress/i.test(engineMessage(e)))
            errors.push(engineMessage(e));
        }),
    ),
  );
  const left = await containersLeft(docker, filters, FOREIGN_REMOVAL_MS);
  if (left.length > 0) {
    errors.push(
      `containers still being removed after ${FOREIGN_REMOVAL_MS / 1000} s: ${left.join(', ')}; ` +
        'their networks were kept',
    );
    return { prefix, containers: names(containers), networks: [], errors };
  }
  const networks = await docker.listNetworks({ filters });
  for (const n of networks) {
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch((e: unknown) => {
        if (!/no such network|not found/i.test(engineMessage(e))) errors.push(engineMessage(e));
      });
  }
  return { prefix, containers: names(containers), networks: networks.map((n) => n.Name), errors };
}

const names = (containers: readonly Dockerode.ContainerInfo[]): string[] =>
  containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ''));

/** Names of the run's containers still listed after waiting up to `withinMs` for them to go. */
async function containersLeft(
  docker: Dockerode,
  filters: string,
  withinMs: number,
): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = await docker.listContainers({ all: true, filters });
    if (left.length === 0 || Date.now() >= deadline) return names(left);
    await new Promise((r) => setTimeout(r, 100));
  }
}
