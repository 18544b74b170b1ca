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

/** Force-removes every container, then every network, of run `prefix`. */
export async function removeDockerRun(docker: Dockerode, prefix: string): Promise<DockerRemoval> {
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
  const networks = await docker.listNetworks({ filters });
  for (const n of networks) {
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch((e: unknown) => {
        if (!/no such network|not found/i.test(engineMessage(e))) errors.push(engineMessage(e));
      });
  }
  return {
    prefix,
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    networks: networks.map((n) => n.Name),
    errors,
  };
}
