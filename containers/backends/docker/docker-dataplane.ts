/**
 * A built Docker dataplane. Traffic, flows and snapshots are the netns dataplane's
 * (same namespaces, same agents, hosts entered by name); only teardown adds the run's
 * containers and networks, which go first so their namespaces are released.
 */
import type Dockerode from 'dockerode';
import { NetnsDataplane, type BuildPlan } from '../netns/index.ts';
import type { DockerPlan } from './docker-plan.ts';
import { removeDockerRun } from './remove-run.ts';

export class DockerDataplane extends NetnsDataplane {
  private removal: Promise<void> | null = null;

  /** `base` is the netns plan `dockerPlan` was derived from. */
  constructor(
    base: BuildPlan,
    readonly dockerPlan: DockerPlan,
    negativeTimeoutMs: number,
    private readonly docker: Dockerode,
  ) {
    super({ ...base, layout: dockerPlan.layout }, negativeTimeoutMs);
  }

  /** Names of the run's containers (also their namespaces under /run/netns). */
  get containers(): readonly string[] {
    return this.dockerPlan.containers.map((c) => c.name);
  }

  override destroy(): Promise<void> {
    this.removal ??= (async () => {
      const removal = await removeDockerRun(this.docker, this.dockerPlan.prefix).catch(
        (error: unknown) => ({ errors: [String(error)] }),
      );
      await super.destroy();
      if (removal.errors.length > 0) {
        throw new Error(
          `removing Docker objects of run ${this.dockerPlan.prefix}: ${removal.errors.join('; ')} ` +
            '(run `netconform cleanup`)',
        );
      }
    })();
    return this.removal;
  }
}
