/**
 * Creates the run's internal Docker networks. `internal` keeps every container away
 * from the outside; `inhibit_ipv4` leaves the bridge (in the machine's namespace)
 * without an address or route; Docker refuses overlapping subnets, so a taken /26 is
 * skipped.
 */
import type Dockerode from 'dockerode';
import { engineMessage } from './engine.ts';
import type { NetworkPlan } from './docker-plan.ts';
import { LABEL_ROLE, runLabels } from './labels.ts';
import { firstBlock, SUBNET_BLOCKS, subnetBlock } from './subnets.ts';

/** Creates `network` for run `prefix` in the first free block from `start`; returns the next block to try. */
async function createOne(
  docker: Dockerode,
  prefix: string,
  network: NetworkPlan,
  start: number,
): Promise<number> {
  for (let offset = 0; offset < SUBNET_BLOCKS; offset++) {
    const subnet = subnetBlock(start + offset);
    try {
      await docker.createNetwork({
        Name: network.name,
        Driver: 'bridge',
        Internal: true,
        CheckDuplicate: true,
        Labels: { ...runLabels(prefix), [LABEL_ROLE]: network.role },
        Options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' },
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
      });
      return start + offset + 1;
    } catch (error) {
      const message = engineMessage(error);
      if (!/overlap/i.test(message)) {
        throw new Error(`creating Docker network ${network.name} (${subnet}): ${message}`);
      }
    }
  }
  throw new Error(
    `no free /26 left in 169.254.128.0/17 for Docker network ${network.name}: run \`netconform cleanup\``,
  );
}

/** Creates every network of a run, one after the other (each may probe for a subnet). */
export async function createNetworks(
  docker: Dockerode,
  prefix: string,
  networks: readonly NetworkPlan[],
): Promise<void> {
  let next = firstBlock(prefix);
  for (const network of networks) next = await createOne(docker, prefix, network, next);
}
