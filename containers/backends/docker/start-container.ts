/**
 * Starts one container of the plan (testcontainers), joins its other networks
 * (dockerode) and binds its network namespace as `/run/netns/<name>`, so everything
 * after this enters it by name: a bound namespace cannot be confused with another one
 * when a pid is reused.
 */
import type Dockerode from 'dockerode';
import { runOrThrow } from '../../../harness/process/index.ts';
import type { ContainerPlan } from './docker-plan.ts';
import { engineMessage, neverPull, testcontainers } from './engine.ts';
import { LABEL_ENTITY, LABEL_ROLE, runLabels } from './labels.ts';

/**
 * Set at creation (the container's /proc/sys is read-only afterwards). rp_filter is
 * off because anti-spoofing is the firewall driver's job; the plan's scripts set the
 * per-interface values again from the machine.
 */
const SYSCTLS: Record<string, string> = {
  'net.ipv4.ip_forward': '1',
  'net.ipv4.conf.all.rp_filter': '0',
  'net.ipv4.conf.default.rp_filter': '0',
  // The harness is IPv4 only; without IPv6 no container can reach the engine's bridges
  // (which the kernel gives link-local IPv6 addresses in the machine's namespace).
  'net.ipv6.conf.all.disable_ipv6': '1',
  'net.ipv6.conf.default.disable_ipv6': '1',
};

/** A started container: where its namespace is and its address on each network. */
export interface StartedNode {
  readonly name: string;
  readonly id: string;
  readonly pid: number;
  /** Docker network name -> the container's address on it (tunnel endpoints). */
  readonly addresses: ReadonlyMap<string, string>;
}

/** Starts `plan` from image `tag` for run `prefix`. */
export async function startContainer(
  docker: Dockerode,
  tag: string,
  prefix: string,
  plan: ContainerPlan,
): Promise<StartedNode> {
  const { GenericContainer } = await testcontainers();
  // hostConfig is protected: a subclass is testcontainers' way to set what it has no method for.
  class NodeContainer extends GenericContainer {
    constructor(image: string) {
      super(image);
      this.hostConfig.Sysctls = SYSCTLS;
    }
  }
  const [first, ...others] = plan.networks;
  // --privileged fails on this machine kind; every capability but SYS_RESOURCE works.
  const started = await new NodeContainer(tag)
    .withName(plan.name)
    .withLabels({ ...runLabels(prefix), [LABEL_ROLE]: plan.role, [LABEL_ENTITY]: plan.entity })
    .withNetworkMode(first ?? 'none')
    .withAddedCapabilities('ALL')
    .withDroppedCapabilities('SYS_RESOURCE')
    .withCommand(['sleep', 'infinity'])
    .withPullPolicy(neverPull)
    .withStartupTimeout(30_000)
    .start();
  const container = docker.getContainer(started.getId());
  try {
    for (const network of others) {
      await docker.getNetwork(network).connect({ Container: started.getId() });
    }
    const info = await container.inspect();
    const addresses = new Map(
      Object.entries(info.NetworkSettings.Networks).map(([net, ep]) => [net, ep.IPAddress]),
    );
    await runOrThrow(['ip', 'netns', 'attach', plan.name, String(info.State.Pid)]);
    return { name: plan.name, id: started.getId(), pid: info.State.Pid, addresses };
  } catch (error) {
    throw new Error(`setting up container ${plan.name}: ${engineMessage(error)}`);
  }
}
