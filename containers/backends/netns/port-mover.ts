/**
 * Keeps a netns dataplane's current port placement: moves ports between hosts
 * (`migrate-plan.ts`) and puts every moved port back where the build put it, so a
 * reused dataplane has the plumbing its plumbing key promises.
 */
import type {
  DataplaneLayout,
  MigrationResult,
  PortAccess,
} from '../../../harness/dataplane/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { commandFailure } from './build-phase.ts';
import { waitForForwardingPorts } from './forwarding-ports.ts';
import { enterNamespace } from './names.ts';
import { moveProblem, planMove, portNameOn, type MigrationPlan } from './migrate-plan.ts';

export class PortMover {
  #layout: DataplaneLayout;
  /** Build-time port of every instance moved since the last restore. */
  readonly #original = new Map<string, PortAccess>();
  /** Next CloudStack `vnet<n>` index per host: names never repeat on a host (as libvirt's). */
  readonly #next = new Map<string, number>();

  constructor(
    private readonly plan: MigrationPlan,
    layout: DataplaneLayout,
  ) {
    this.#layout = layout;
    this.#resetCounters();
  }

  /** The layout with every port where it is now. */
  get layout(): DataplaneLayout {
    return this.#layout;
  }

  /** Moves `instance`'s port to `host`. Never rejects. */
  async migrate(instance: string, host: string): Promise<MigrationResult> {
    const started = performance.now();
    const problem = moveProblem(this.plan, this.#layout, instance, host);
    if (problem !== null) return { kind: 'failed', reason: problem };
    const port = this.#port(instance);
    const n = this.#next.get(host) ?? 0;
    this.#next.set(host, n + 1);
    const failure = await this.#move(port, host, portNameOn(this.plan, instance, n));
    if (failure !== null) return { kind: 'failed', reason: failure };
    const now = this.#port(instance);
    return {
      kind: 'moved',
      host: now.host,
      hostInterface: now.hostInterface,
      elapsedMs: performance.now() - started,
    };
  }

  /** Puts every moved port back on its build-time host under its build-time name. */
  async restore(): Promise<void> {
    const problems: string[] = [];
    for (const [instance, original] of this.#original) {
      const port = this.#port(instance);
      if (port.host === original.host && port.hostInterface === original.hostInterface) continue;
      const failure = await this.#move(port, original.host, original.hostInterface);
      if (failure !== null) problems.push(failure);
    }
    if (problems.length > 0)
      throw new Error(`putting migrated ports back failed: ${problems.join('; ')}`);
    this.#original.clear();
    this.#resetCounters();
  }

  #port(instance: string): PortAccess {
    const port = this.#layout.ports.find((p) => p.instance === instance);
    if (port === undefined) throw new Error(`no port for instance ${instance}`);
    return port;
  }

  /** Runs the move's phases; updates the layout once the port has left its old host. */
  async #move(port: PortAccess, host: string, name: string): Promise<string | null> {
    const move = planMove(this.plan, this.#layout, port, host, name);
    if (!this.#original.has(port.instance)) this.#original.set(port.instance, port);
    for (const [k, phase] of move.phases.entries()) {
      const results = await Promise.all(
        phase.map(async (s) =>
          commandFailure(
            `moving ${port.instance} to ${host} in ${s.namespace}`,
            await runCommand([...enterNamespace(s.namespace), 'sh', '-s'], { input: s.script }),
          ),
        ),
      );
      // After the first phase the port is on the new host, whatever fails next.
      if (k === 0 && results[0] === null) this.#replace(move.port);
      const failed = results.filter((r) => r !== null);
      if (failed.length > 0) return failed.join('; ');
    }
    // As after a build: the moved port forwards only once the kernel's link watch enabled it.
    const target = this.plan.hosts.find((h) => h.name === host)?.namespace;
    return waitForForwardingPorts(target === undefined ? [] : [target]).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
  }

  #replace(port: PortAccess): void {
    this.#layout = {
      ...this.#layout,
      ports: this.#layout.ports.map((p) => (p.instance === port.instance ? port : p)),
    };
  }

  #resetCounters(): void {
    this.#next.clear();
    for (const h of this.plan.hosts) this.#next.set(h.name, h.portsAtBuild);
  }
}
