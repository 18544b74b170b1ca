/**
 * The Docker objects of one run prefix (containers, their bound namespaces, the
 * networks) with each container's clean-state fingerprint: what a dataplane is built
 * on, and what the stock keeps between dataplanes of the same shape.
 */
import type Dockerode from 'dockerode';
import { releaseRun, removeNamespaces } from '../../lifecycle/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { wipeScript } from './container-state.ts';
import { removeDockerRun } from './remove-run.ts';
import type { StartedNode } from './start-container.ts';

export interface ContainerSet {
  readonly prefix: string;
  /** `shapeKey` of the plan the set was started for. */
  readonly shape: string;
  /** Container name (also its namespace under /run/netns) -> the started container. */
  readonly nodes: ReadonlyMap<string, StartedNode>;
  /** Container name -> fingerprint of its clean state (see container-state.ts). */
  readonly clean: ReadonlyMap<string, string>;
}

/**
 * Returns every container of `set` to its clean state; true when each one then prints
 * exactly its clean fingerprint (otherwise the set must not be used again).
 */
export async function wipeContainerSet(set: ContainerSet): Promise<boolean> {
  const results = await Promise.all(
    [...set.clean].map(async ([name, clean]) => {
      const result = await runCommand(['ip', 'netns', 'exec', name, 'sh', '-s'], {
        input: wipeScript(clean),
        timeoutMs: 30_000,
      });
      return result.kind === 'exited' && result.code === 0 && result.stdout === clean;
    }),
  );
  return results.every((ok) => ok);
}

/**
 * Removes run `prefix`'s containers and networks (by label, so also those of a
 * half-built run), then their namespace bindings, then releases the prefix.
 * Returns the problems met (none: everything is gone).
 */
export async function removeContainerRun(
  docker: Dockerode,
  prefix: string,
  bindings: readonly string[],
): Promise<string[]> {
  const removal = await removeDockerRun(docker, prefix).catch((error: unknown) => ({
    errors: [String(error)],
  }));
  const unbound = await removeNamespaces(bindings);
  releaseRun(prefix);
  return [...removal.errors, ...unbound.errors.filter((e) => !/No such file|not exist/i.test(e))];
}
