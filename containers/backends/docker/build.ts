/**
 * Executes a `DockerPlan`: networks, machine namespaces, containers (or the clean
 * containers of a set of the same shape), then the same per-namespace configuration as
 * the netns backend, entered by name. Throws on the first failing phase; the caller
 * removes everything labelled or named with the run.
 */
import type Dockerode from 'dockerode';
import { runCommand } from '../../../harness/process/index.ts';
import {
  commandFailure,
  configureNamespaces,
  finishSegments,
  mapLimit,
  namespaceAddLines,
  runPhase,
} from '../netns/index.ts';
import type { ContainerSet } from './container-set.ts';
import { fingerprintLines } from './container-state.ts';
import { createNetworks } from './create-networks.ts';
import { TUNNEL_PORT, type ContainerPlan, type DockerPlan, type TunnelEnd } from './docker-plan.ts';
import { shapeKey } from './shape.ts';
import { startContainer, type StartedNode } from './start-container.ts';

/** Containers started at once (each start is a few engine round trips). */
const START_CONCURRENCY = 4;

/** `ip -batch` lines creating the VXLAN ends that live in `container`. */
function tunnelLines(
  plan: DockerPlan,
  nodes: ReadonlyMap<string, StartedNode>,
  container: string,
): string[] {
  const address = (end: TunnelEnd, network: string): string => {
    const ip = nodes.get(end.container)?.addresses.get(network);
    if (!ip)
      throw new Error(`container ${end.container} has no address on Docker network ${network}`);
    return ip;
  };
  return plan.tunnels.flatMap((t) => {
    const [near, far] =
      t.a.container === container ? [t.a, t.b] : t.b.container === container ? [t.b, t.a] : [];
    if (!near || !far) return [];
    return [
      `link add ${near.ifname} type vxlan id ${t.vni} local ${address(near, t.network)} ` +
        `remote ${address(far, t.network)} dstport ${TUNNEL_PORT}`,
    ];
  });
}

async function startAll(
  docker: Dockerode,
  tag: string,
  plan: DockerPlan,
): Promise<Map<string, StartedNode>> {
  await createNetworks(docker, plan.prefix, plan.networks);
  const started = await mapLimit(plan.containers, START_CONCURRENCY, (c) =>
    startContainer(docker, tag, plan.prefix, c),
  );
  return new Map(started.map((n) => [n.name, n]));
}

/**
 * Script creating a container's links. A fresh container first drops the default
 * route Docker gives it even on an internal network (routes are the plan's alone) and
 * prints its clean-state fingerprint; a reused one is clean already.
 */
function linkScript(lines: readonly string[], fresh: boolean): string {
  const batch = ["ip -batch - <<'EOF'", ...lines, 'EOF'];
  const first = fresh ? ['ip route flush exact 0.0.0.0/0', ...fingerprintLines()] : [];
  return ['set -e', ...first, ...batch, ''].join('\n');
}

/**
 * Builds `plan` with image `tag`, on `reused` (a clean set of the same shape and
 * prefix) or on new containers; returns the set the dataplane now runs on.
 */
export async function buildDockerPlan(
  docker: Dockerode,
  tag: string,
  plan: DockerPlan,
  reused: ContainerSet | null,
): Promise<ContainerSet> {
  const add = namespaceAddLines(plan.machineNamespaces);
  const [, nodes] = await Promise.all([
    add === ''
      ? Promise.resolve()
      : runCommand(['ip', '-batch', '-'], { input: add }).then((r) => {
          const problem = commandFailure('creating namespaces', r);
          if (problem) throw new Error(problem);
        }),
    reused === null ? startAll(docker, tag, plan) : Promise.resolve(reused.nodes),
  ]);
  const clean = new Map(reused?.clean ?? []);
  const links = async (c: ContainerPlan): Promise<string | null> => {
    const lines = [...tunnelLines(plan, nodes, c.name), ...c.links];
    const result = await runCommand(['ip', 'netns', 'exec', c.name, 'sh', '-s'], {
      input: linkScript(lines, reused === null),
    });
    if (reused === null && result.kind === 'exited') clean.set(c.name, result.stdout);
    return commandFailure(`creating links in ${c.name}`, result);
  };
  await runPhase(
    'docker',
    plan.containers.map((c) => () => links(c)),
  );
  await configureNamespaces('docker', [...plan.containers, ...plan.machineNamespaces]);
  // Bridged: the same wait for forwarding ports and pod-local servers as on netns.
  await finishSegments('docker', {
    namespaces: plan.containers,
    layout: plan.layout,
    podServers: plan.podServers,
  });
  return { prefix: plan.prefix, shape: shapeKey(plan), nodes, clean };
}
