/**
 * Executes a `DockerPlan`: networks, machine namespaces, containers, then the same
 * per-namespace configuration as the netns backend, entered by name. Throws on the
 * first failing phase; the caller removes everything labelled or named with the run.
 */
import type Dockerode from 'dockerode';
import { runCommand, type CommandResult } from '../../process/index.ts';
import { mapLimit } from '../netns/map-limit.ts';
import { createNetworks } from './create-networks.ts';
import type { DockerPlan, TunnelEnd } from './docker-plan.ts';
import { startContainer, type StartedNode } from './start-container.ts';

/** Containers started at once (each start is a few engine round trips). */
const START_CONCURRENCY = 4;
/** Configuration processes run at once. */
const CONCURRENCY = 6;
/** Standard VXLAN port; every tunnel of a namespace shares its socket (distinct VNIs). */
const VXLAN_PORT = 4789;

function failure(what: string, result: CommandResult): string | null {
  if (result.kind === 'exited' && result.code === 0) return null;
  const detail =
    result.kind === 'spawn-failed'
      ? result.message
      : result.kind === 'timeout'
        ? 'timed out'
        : `exit ${result.code}: ${result.stderr.trim()}`;
  return `${what}: ${detail}`;
}

async function phase(tasks: readonly (() => Promise<string | null>)[]): Promise<void> {
  const problems = (await mapLimit(tasks, CONCURRENCY, (task) => task())).filter(
    (p): p is string => p !== null,
  );
  if (problems.length > 0) {
    throw new Error(`building the docker dataplane failed:\n${problems.join('\n')}`);
  }
}

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
        `remote ${address(far, t.network)} dstport ${VXLAN_PORT}`,
    ];
  });
}

/** Builds `plan` with image `tag`. */
export async function buildDockerPlan(
  docker: Dockerode,
  tag: string,
  plan: DockerPlan,
): Promise<void> {
  const add = plan.machineNamespaces.map((ns) => `netns add ${ns.name}\n`).join('');
  const [, nodes] = await Promise.all([
    add === ''
      ? Promise.resolve()
      : runCommand(['ip', '-batch', '-'], { input: add }).then((r) => {
          const problem = failure('creating namespaces', r);
          if (problem) throw new Error(problem);
        }),
    (async () => {
      await createNetworks(docker, plan.prefix, plan.networks);
      const started = await mapLimit(plan.containers, START_CONCURRENCY, (c) =>
        startContainer(docker, tag, plan.prefix, c),
      );
      return new Map(started.map((n) => [n.name, n]));
    })(),
  ]);
  await phase(
    plan.containers.map((c) => async () => {
      // Docker gives a container a default route even on an internal network (to a
      // gateway that does not exist with inhibit_ipv4): routes are the plan's alone.
      const lines = [
        'route flush exact 0.0.0.0/0',
        ...tunnelLines(plan, nodes, c.name),
        ...c.links,
      ];
      const result = await runCommand(['ip', '-n', c.name, '-batch', '-'], {
        input: lines.join('\n') + '\n',
      });
      return failure(`creating links in ${c.name}`, result);
    }),
  );
  const scripts = [
    ...plan.containers.map((c) => ({
      name: c.name,
      what: `${c.role} ${c.entity}`,
      script: c.script,
    })),
    ...plan.machineNamespaces.map((ns) => ({
      name: ns.name,
      what: `${ns.role} ${ns.entity}`,
      script: ns.script,
    })),
  ];
  await phase(
    scripts.map((s) => async () => {
      const result = await runCommand(['ip', 'netns', 'exec', s.name, 'sh', '-s'], {
        input: s.script,
      });
      return failure(`configuring ${s.name} (${s.what})`, result);
    }),
  );
}
