/**
 * The embedded default backend: the topology as network namespaces, veths and routes
 * (no bridges), needing only iproute2, nftables and conntrack as root.
 */
import type { ResolvedTopology } from '../../../spec/index.ts';
import type { DataplaneBackend, DataplaneOptions } from '../../../harness/dataplane/index.ts';
import { claimRun, releaseRun } from '../../lifecycle/index.ts';
import { buildPlan } from './build.ts';
import { checkRunPrefix, randomRunPrefix } from './names.ts';
import { NetnsDataplane } from './netns-dataplane.ts';
import { planNetns } from './plan.ts';
import { netnsPreflight } from './preflight.ts';

/** Picks and claims the run prefix (the given one, or a fresh random one). */
function claimPrefix(wanted: string | undefined): string {
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

/** Builds `topology`; on failure removes what was created, then rethrows. */
async function create(
  topology: ResolvedTopology,
  options: DataplaneOptions,
): Promise<NetnsDataplane> {
  if (!(options.negativeTimeoutMs > 0)) {
    throw new Error(
      `negativeTimeoutMs must be a positive number of milliseconds, got ${options.negativeTimeoutMs}`,
    );
  }
  const prefix = claimPrefix(options.runPrefix);
  let dataplane: NetnsDataplane;
  try {
    dataplane = new NetnsDataplane(planNetns(topology, prefix), options.negativeTimeoutMs);
  } catch (error) {
    releaseRun(prefix);
    throw error;
  }
  try {
    await buildPlan(dataplane.plan);
  } catch (error) {
    await dataplane.destroy().catch(() => undefined);
    throw error;
  }
  dataplane.startAgents();
  return dataplane;
}

/** The `netns` dataplane backend. */
export const netnsBackend: DataplaneBackend = {
  name: 'netns',
  preflight: netnsPreflight,
  create,
};
