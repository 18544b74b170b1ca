/**
 * A built netns dataplane: its namespaces, its probe agents and its teardown.
 * Registered process-wide from before the first namespace exists until destroyed, so
 * a signal or a crash mid-way still removes everything.
 */
import type {
  Dataplane,
  DataplaneLayout,
  HostSnapshot,
  LateArrival,
  MigrationResult,
  Observation,
  TrafficAction,
} from '../../../harness/dataplane/index.ts';
import {
  duringRootActivity,
  registerForCleanup,
  releaseRun,
  removeNamespaces,
} from '../../lifecycle/index.ts';
import { ProbeController, type ProbeEndpoint } from '../../probe/index.ts';
import { runCommand, type CommandResult } from '../../../harness/process/index.ts';
import { assignSlots, planNetns, type BuildPlan } from './plan.ts';
import { planReshape, type ReshapePlan } from './reshape-plan.ts';
import { applyReshape } from './reshape.ts';
import type { ResolvedTopology } from '../../../spec/index.ts';
import { OverlayProbes } from './overlay-probes.ts';
import { PortMover } from './port-mover.ts';
import { flushNeighbours } from './flush-neighbours.ts';

const output = (result: CommandResult): string =>
  result.kind === 'exited'
    ? result.code === 0
      ? result.stdout
      : `(exit ${result.code}) ${result.stderr.trim()}`
    : `(${result.kind}) ${result.kind === 'spawn-failed' ? result.message : result.stderr}`;

/** The agents' view of `plan`'s endpoints. */
function probeEndpoints(plan: BuildPlan): Map<string, ProbeEndpoint> {
  const endpoints = new Map<string, ProbeEndpoint>();
  for (const [name, e] of plan.endpoints) {
    endpoints.set(name, {
      name,
      ip: e.ip,
      enter: ['ip', 'netns', 'exec', e.namespace],
      netns: `/run/netns/${e.namespace}`,
      ...(e.podServer === undefined ? {} : { podServer: e.podServer }),
    });
  }
  return endpoints;
}

export class NetnsDataplane implements Dataplane {
  private readonly probes: ProbeController;
  /** Null when the plan keeps no migration data (overlays, the Docker backend). */
  private mover: PortMover | null;
  #plan: BuildPlan;
  /** Namespaces a failed reshape may have left (removed with the run). */
  readonly #leftover = new Set<string>();
  private readonly overlayProbes: OverlayProbes | null;
  private readonly unregister: () => void;
  private destroying: Promise<void> | null = null;

  constructor(plan: BuildPlan, probeTimeoutMs: number) {
    this.#plan = plan;
    this.mover = plan.migration === undefined ? null : new PortMover(plan.migration, plan.layout);
    this.probes = new ProbeController(probeEndpoints(plan), { probeTimeoutMs });
    this.overlayProbes =
      plan.overlay === undefined ? null : new OverlayProbes(plan, probeTimeoutMs);
    this.unregister = registerForCleanup({
      label: `netns run ${plan.prefix}`,
      destroy: () => this.destroy(),
    });
  }

  /** What this dataplane is built as now (a reshape replaces it). */
  get plan(): BuildPlan {
    return this.#plan;
  }

  /** Names and placement now (a migrated port has a new host and host interface). */
  get layout(): DataplaneLayout {
    return this.mover?.layout ?? this.plan.layout;
  }

  /** Names of the namespaces this run creates. */
  get namespaces(): readonly string[] {
    return this.plan.namespaces.map((ns) => ns.name);
  }

  /** Starts the probe agents in the background; call once the namespaces are built. */
  startAgents(): void {
    if (!this.destroying) this.probes.startAgents();
  }

  async perform(action: TrafficAction): Promise<Observation> {
    if (this.destroying) throw new Error('perform() on a destroyed dataplane: create a new one');
    // Overlay steps watch links and send from hosts: only the plan knows those namespaces.
    if (action.kind === 'overlay' && this.overlayProbes !== null)
      return this.overlayProbes.perform(action.from, action.to, action.probe);
    return this.probes.perform(action);
  }

  settleLate(probeIds?: readonly string[]): Promise<LateArrival[]> {
    return this.probes.settleLate(probeIds);
  }

  async migrate(instance: string, host: string): Promise<MigrationResult> {
    if (this.destroying) throw new Error('migrate() on a destroyed dataplane: create a new one');
    if (this.mover === null)
      return {
        kind: 'unsupported',
        reason: `the ${this.layout.backend} dataplane cannot move instances between hosts${this.plan.overlay ? ' (overlay shape)' : ''}`,
      };
    const mover = this.mover;
    // The flows the instance held may drop (CS-MIGRATE): the model forgets them.
    await this.probes.closeFlowsOf(instance);
    return duringRootActivity(() => mover.migrate(instance, host));
  }

  async resetFlows(): Promise<void> {
    const mover = this.mover;
    if (mover !== null) await duringRootActivity(() => mover.restore());
    await this.probes.resetFlows();
    const results = await Promise.all(
      this.layout.hosts.map((h) => runCommand([...h.enter, 'conntrack', '-F'])),
    );
    const failed = results.flatMap((r, i) =>
      r.kind === 'exited' && r.code === 0 ? [] : [`${this.layout.hosts[i]?.name}: ${output(r)}`],
    );
    if (failed.length > 0) throw new Error(`conntrack -F failed: ${failed.join('; ')}`);
    // Guests start fresh too: an ARP entry a blocked probe left INCOMPLETE (3 s) would
    // hold the next scenario's first packet to that peer until it fails (docs/backends.md).
    const namespaces = [...this.plan.endpoints.values()].map((e) => e.namespace);
    const flushFailed = await flushNeighbours(namespaces);
    if (flushFailed !== null) throw new Error(flushFailed);
  }

  /** True when `reshape(topology)` would not need a new build. */
  canReshape(topology: ResolvedTopology): boolean {
    return this.reshapeTo(topology) !== null;
  }

  /**
   * Turns this dataplane into what a fresh build of `topology` gives, changing only the
   * namespaces, links and routes that differ (`reshape-plan.ts`); kept endpoints keep
   * their agents. False when it cannot (build anew); throws when it failed midway
   * (destroy it). Call after `resetFlows`.
   */
  async reshape(topology: ResolvedTopology): Promise<boolean> {
    const next = this.reshapeTo(topology);
    if (next === null) return false;
    const { plan, steps } = next;
    await this.probes.replaceEndpoints(probeEndpoints(plan), steps.keptEndpoints);
    for (const name of this.namespaces) this.#leftover.add(name);
    this.#plan = plan;
    await duringRootActivity(() => applyReshape(steps));
    this.#leftover.clear();
    this.mover = plan.migration === undefined ? null : new PortMover(plan.migration, plan.layout);
    this.startAgents();
    return true;
  }

  private reshapeTo(topology: ResolvedTopology): { plan: BuildPlan; steps: ReshapePlan } | null {
    const current = this.#plan;
    if (this.destroying || current.slots === undefined || current.layout.backend !== 'netns')
      return null;
    let plan: BuildPlan;
    try {
      plan = planNetns(
        topology,
        current.prefix,
        current.layout.plumbing,
        assignSlots(topology, current.slots),
      );
    } catch {
      return null;
    }
    const steps = planReshape(current, plan);
    return steps === null ? null : { plan, steps };
  }

  async snapshot(): Promise<HostSnapshot[]> {
    return Promise.all(
      this.layout.hosts.map(async (h) => {
        const [ruleset, conntrack] = await Promise.all([
          runCommand([...h.enter, 'nft', 'list', 'ruleset']),
          runCommand([...h.enter, 'conntrack', '-L']),
        ]);
        return { host: h.name, ruleset: output(ruleset), conntrack: output(conntrack) };
      }),
    );
  }

  destroy(): Promise<void> {
    this.destroying ??= (async () => {
      await this.probes.close();
      try {
        await duringRootActivity(() => this.removeRun());
      } finally {
        this.unregister();
      }
    })();
    return this.destroying;
  }

  /**
   * Removes what the run created once its agents are stopped: here every namespace,
   * then the prefix claim. Backends with more objects override it.
   */
  protected async removeRun(): Promise<void> {
    await this.stopLeftProcesses();
    const removal = await removeNamespaces([...new Set([...this.namespaces, ...this.#leftover])]);
    releaseRun(this.plan.prefix);
    if (removal.errors.some((e) => !/No such file|not exist/i.test(e))) {
      throw new Error(
        `removing namespaces of run ${this.plan.prefix}: ${removal.errors.join('; ')}`,
      );
    }
  }

  /**
   * Ends processes still running in the run's host namespaces (a driver's daemons, such
   * as the overlay driver's tunnels, when no teardown ran): a namespace lives as long as
   * a process in it, so removing its name alone would leave them behind.
   */
  private async stopLeftProcesses(): Promise<void> {
    const hosts = this.plan.namespaces.filter((ns) => ns.role === 'host');
    const listed = await Promise.all(
      hosts.map((ns) => runCommand(['ip', 'netns', 'pids', ns.name])),
    );
    for (const r of listed) {
      if (r.kind !== 'exited' || r.code !== 0) continue;
      for (const pid of r.stdout.split('\n').map(Number))
        if (Number.isInteger(pid) && pid > 1 && pid !== process.pid) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // Gone already.
          }
        }
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.destroy();
  }
}
