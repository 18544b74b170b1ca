/**
 * A built Docker dataplane. Traffic, flows and snapshots are the netns dataplane's
 * (same namespaces, same agents, hosts entered by name); teardown removes the machine
 * namespaces (instances, externals) and hands the containers to the stock, which
 * parks them for the next dataplane of the same shape or removes them.
 */
import type Dockerode from 'dockerode';
import { removeNamespaces } from '../../lifecycle/index.ts';
import { NetnsDataplane, type BuildPlan } from '../netns/index.ts';
import { removeContainerRun, type ContainerSet } from './container-set.ts';
import { containerStock } from './container-stock.ts';
import { underlayInterfaces, type DockerPlan } from './docker-plan.ts';

export class DockerDataplane extends NetnsDataplane {
  #set: ContainerSet | null = null;

  /**
   * `base` is the netns plan `dockerPlan` was derived from; `reusable` says whether
   * its containers may serve another dataplane once this one is destroyed.
   */
  constructor(
    base: BuildPlan,
    readonly dockerPlan: DockerPlan,
    probeTimeoutMs: number,
    private readonly docker: Dockerode,
    private readonly reusable: boolean,
  ) {
    // Migration is the netns plan's: host containers are entered by the same names, and
    // a veth end moves between their namespaces as between plain ones.
    const overlay =
      base.overlay === undefined
        ? {}
        : { overlay: { ...base.overlay, underlay: underlayInterfaces(dockerPlan) } };
    super({ ...base, layout: dockerPlan.layout, ...overlay }, probeTimeoutMs);
  }

  /** Names of the run's containers (also their namespaces under /run/netns). */
  get containers(): readonly string[] {
    return this.dockerPlan.containers.map((c) => c.name);
  }

  /** Records the containers this dataplane was built on (once the build succeeded). */
  builtOn(set: ContainerSet): void {
    this.#set = set;
  }

  protected override async removeRun(): Promise<void> {
    const machine = await removeNamespaces(this.dockerPlan.machineNamespaces.map((ns) => ns.name));
    const problems = machine.errors.filter((e) => !/No such file|not exist/i.test(e));
    if (this.#set !== null && this.reusable && problems.length === 0) {
      await containerStock.give(this.docker, this.#set);
      return;
    }
    // A failed build or teardown: nothing of the run is trusted, everything goes.
    problems.push(
      ...(await removeContainerRun(this.docker, this.dockerPlan.prefix, this.containers)),
    );
    if (problems.length > 0) {
      throw new Error(
        `removing Docker objects of run ${this.dockerPlan.prefix}: ${problems.join('; ')} ` +
          '(run `netconform cleanup`)',
      );
    }
  }
}
