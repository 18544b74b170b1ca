/**
 * Containers kept between dataplanes. Starting and removing containers and networks
 * costs the engine about a second per dataplane, several times what a run of the
 * harness spends on traffic; so a destroyed dataplane's set is wiped back to its clean
 * state and parked, keeping its prefix claim, and the next dataplane of the same shape
 * is built on it. A set that does not come back clean is removed instead.
 *
 * Parked sets go when unused for `IDLE_MS`, when the process has nothing else to do
 * (`beforeExit`), on a signal or fatal error (the lifecycle registry), or on `drain()`;
 * a crashed process's sets are found by label by `netconform cleanup`.
 */
import type Dockerode from 'dockerode';
import { registerForCleanup } from '../../lifecycle/index.ts';
import { removeContainerRun, wipeContainerSet, type ContainerSet } from './container-set.ts';

/** How long a parked set waits for a dataplane of its shape. */
const IDLE_MS = 10_000;
/** Parked sets kept at most (the oldest goes first). */
const MAX_PARKED = 4;

interface Parked {
  readonly set: ContainerSet;
  readonly timer: NodeJS.Timeout;
}

/** A set being wiped; a `take` of its shape may claim it before it is parked. */
interface Wiping {
  readonly shape: string;
  claimed: boolean;
  readonly done: Promise<ContainerSet | null>;
}

const bindings = (set: ContainerSet): string[] => [...set.nodes.keys()];

export class ContainerStock {
  #parked: Parked[] = [];
  readonly #wiping = new Set<Wiping>();
  /** Problems of background removals (idle timeouts), thrown by the next `drain`. */
  readonly #problems: string[] = [];
  /** Background removals under way: `drain` waits for them too. */
  readonly #removing = new Set<Promise<void>>();
  #closed = false;
  #unregister: (() => void) | null = null;
  #docker: Dockerode | null = null;

  /** How many sets are parked now (tests and diagnostics). */
  get parked(): number {
    return this.#parked.length;
  }

  /**
   * A clean set of `shape`, now parked or being wiped; null when there is none and the
   * caller must start containers. The caller owns the set (and its prefix claim).
   */
  async take(shape: string): Promise<ContainerSet | null> {
    const index = this.#parked.findIndex((p) => p.set.shape === shape);
    if (index >= 0) {
      const [parked] = this.#parked.splice(index, 1);
      clearTimeout(parked!.timer);
      this.#updateRegistration();
      return parked!.set;
    }
    const wiping = [...this.#wiping].find((w) => w.shape === shape && !w.claimed);
    if (wiping === undefined) return null;
    wiping.claimed = true;
    return wiping.done;
  }

  /**
   * Takes `set` back from a destroyed dataplane: wipes and parks it, or removes it when
   * it does not come back clean or the stock is closed. Throws the removal's problems.
   */
  async give(docker: Dockerode, set: ContainerSet): Promise<void> {
    this.#docker = docker;
    if (this.#closed) return this.#remove(docker, set);
    const problems: string[] = [];
    const wiping: Wiping = {
      shape: set.shape,
      claimed: false,
      done: (async () => {
        if (await wipeContainerSet(set).catch(() => false)) return set;
        problems.push(...(await removeContainerRun(docker, set.prefix, bindings(set))));
        return null;
      })(),
    };
    this.#wiping.add(wiping);
    this.#updateRegistration();
    const clean = await wiping.done;
    this.#wiping.delete(wiping);
    if (clean !== null && !wiping.claimed) {
      if (this.#closed) await this.#remove(docker, clean);
      else this.#park(docker, clean);
    }
    this.#updateRegistration();
    if (problems.length > 0) throw new Error(removalMessage(set.prefix, problems));
  }

  /** Removes every parked set, after waiting for those being wiped; throws what failed. */
  async drain(): Promise<void> {
    await Promise.all(this.#removing);
    const problems = this.#problems.splice(0);
    while (this.#wiping.size > 0 || this.#parked.length > 0) {
      await Promise.all([...this.#wiping].map((w) => w.done.catch(() => null)));
      const parked = this.#parked.splice(0);
      for (const p of parked) clearTimeout(p.timer);
      const docker = this.#docker;
      if (docker === null) break;
      const results = await Promise.all(
        parked.map((p) => removeContainerRun(docker, p.set.prefix, bindings(p.set))),
      );
      problems.push(...results.flat());
    }
    this.#updateRegistration();
    if (problems.length > 0) throw new Error(`removing parked Docker runs: ${problems.join('; ')}`);
  }

  async #remove(docker: Dockerode, set: ContainerSet): Promise<void> {
    const problems = await removeContainerRun(docker, set.prefix, bindings(set));
    if (problems.length > 0) throw new Error(removalMessage(set.prefix, problems));
  }

  #park(docker: Dockerode, set: ContainerSet): void {
    const timer = setTimeout(() => {
      this.#parked = this.#parked.filter((p) => p.set !== set);
      this.#updateRegistration();
      this.#removeInBackground(docker, set);
    }, IDLE_MS);
    timer.unref();
    this.#parked.push({ set, timer });
    while (this.#parked.length > MAX_PARKED) {
      const oldest = this.#parked.shift()!;
      clearTimeout(oldest.timer);
      this.#removeInBackground(docker, oldest.set);
    }
    this.#updateRegistration();
  }

  #removeInBackground(docker: Dockerode, set: ContainerSet): void {
    const removal = removeContainerRun(docker, set.prefix, bindings(set)).then((problems) => {
      this.#problems.push(...problems);
      this.#removing.delete(removal);
      this.#updateRegistration();
    });
    this.#removing.add(removal);
    this.#updateRegistration();
  }

  /** Registered for signal/fatal cleanup (and `beforeExit`) only while holding sets. */
  #updateRegistration(): void {
    const holding = this.#parked.length > 0 || this.#wiping.size > 0 || this.#removing.size > 0;
    if (holding && this.#unregister === null) {
      this.#unregister = registerForCleanup({
        label: 'parked docker containers',
        destroy: () => {
          this.#closed = true;
          return this.drain();
        },
      });
      process.once('beforeExit', this.#onBeforeExit);
    } else if (!holding && this.#unregister !== null) {
      this.#unregister();
      this.#unregister = null;
      process.off('beforeExit', this.#onBeforeExit);
    }
  }

  /** Nothing else left to do in this process: remove the parked sets, then let it exit. */
  readonly #onBeforeExit = (): void => {
    this.drain().catch((error: unknown) =>
      process.stderr.write(`netconform: ${String(error)} (run \`netconform cleanup\`)\n`),
    );
  };
}

function removalMessage(prefix: string, problems: readonly string[]): string {
  return `removing Docker objects of run ${prefix}: ${problems.join('; ')} (run \`netconform cleanup\`)`;
}

/** The process-wide stock of the `docker` backend. */
export const containerStock = new ContainerStock();

/** Removes the Docker backend's parked containers now (end of a test file, of a command). */
export function drainDockerStock(): Promise<void> {
  return containerStock.drain();
}
