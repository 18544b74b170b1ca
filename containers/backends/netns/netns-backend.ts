/**
 * The embedded default backend: the topology as network namespaces, veths and routes
 * (routed), bridges and VXLAN (bridged) or danube's overlays, needing only iproute2, nftables and
 * conntrack as root.
 */
import type { ResolvedTopology } from '../../../spec/index.ts';
import type { DataplaneBackend, DataplaneOptions } from '../../../harness/dataplane/index.ts';
import { duringRootActivity, releaseRun } from '../../lifecycle/index.ts';
import { buildPlan } from './build.ts';
import { checkDataplaneOptions, claimPrefix } from './claim-prefix.ts';
import { NetnsDataplane } from './netns-dataplane.ts';
import { planNetns } from './plan.ts';
import { netnsPreflight } from './preflight.ts';
import { wantsOverlays } from '../overlay-support.ts';
import { planOverlays } from './overlay-plan.ts';

/** Builds `topology`; on failure removes what was created, then rethrows. */
async function create(
  topology: ResolvedTopology,
  options: DataplaneOptions,
): Promise<NetnsDataplane> {
  checkDataplaneOptions(options);
  const prefix = claimPrefix(options.runPrefix);
  let dataplane: NetnsDataplane;
  try {
    // Danube overlays have a shape of their own (overlay-plan.ts).
    const plan = wantsOverlays(topology, options)
      ? planOverlays(topology, prefix)
      : planNetns(topology, prefix, options.plumbing);
    dataplane = new NetnsDataplane(plan, options.probeTimeoutMs);
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
  // Builds run commands from the root namespace: a driver's root baseline is retaken.
  create: (topology, options) => duringRootActivity(() => create(topology, options)),
};
