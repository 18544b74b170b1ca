/**
 * The run prefix a new dataplane uses, claimed before anything is created (shared by
 * every backend: namespaces, containers and networks are all named after it).
 */
import type { DataplaneOptions } from '../../../harness/dataplane/index.ts';
import { claimRun, exitingOnSignal } from '../../lifecycle/index.ts';
import { checkRunPrefix, randomRunPrefix } from './names.ts';

/** Picks and claims the run prefix (the given one, or a fresh random one). */
export function claimPrefix(wanted: string | undefined): string {
  // Teardown on a signal has begun: a dataplane started now would be left behind.
  if (exitingOnSignal()) throw new Error('netconform is exiting on a signal: no new dataplane');
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

/** Throws when `options` cannot build a dataplane (checked before anything is claimed). */
export function checkDataplaneOptions(options: DataplaneOptions): void {
  if (!(options.probeTimeoutMs > 0)) {
    throw new Error(
      `probeTimeoutMs must be a positive number of milliseconds, got ${options.probeTimeoutMs}`,
    );
  }
}
