/**
 * Executes a `BuildPlan` with few processes: one `ip -batch` creates every namespace,
 * one `ip -n NS -batch` per parent creates its veths, one script per namespace
 * (sysctls under /proc/sys/net + `ip -batch`, entered with `nsenter --net`: nothing
 * reads /sys, so no mount namespace is needed) configures it. Independent
 * namespaces run concurrently, bounded so a 2-core machine stays responsive. With
 * bridges (bridged and overlay plumbing) the build ends once every bridge port forwards;
 * bridged plumbing then starts each segment's pod-local DHCP/DNS server (`pod-server.ts`);
 * the Docker backend ends its build with the same phases (`finishSegments`).
 */
import type { DataplaneLayout } from '../../../harness/dataplane/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { commandFailure, runPhase } from './build-phase.ts';
import { waitForForwardingPorts } from './forwarding-ports.ts';
import { enterNamespace } from './names.ts';
import type { BuildPlan, NamespacePlan } from './plan.ts';
import { startPodServers } from './pod-server.ts';

/** `ip -batch` lines creating `namespaces` (one process for all of them). */
export const namespaceAddLines = (namespaces: readonly NamespacePlan[]): string =>
  namespaces.map((ns) => `netns add ${ns.name}\n`).join('');

/** Runs each namespace's configuration script inside it (the last build phase of both backends). */
export function configureNamespaces(
  backend: string,
  namespaces: readonly Pick<NamespacePlan, 'name' | 'role' | 'entity' | 'script'>[],
): Promise<void> {
  return runPhase(
    backend,
    namespaces.map(
      (ns) => async () =>
        commandFailure(
          `configuring ${ns.name} (${ns.role} ${ns.entity})`,
          await runCommand([...enterNamespace(ns.name), 'sh', '-s'], { input: ns.script }),
        ),
    ),
  );
}

/**
 * Builds `plan`. Throws on the first failing phase; the caller removes whatever
 * namespaces exist (all of them carry the run prefix).
 */
export async function buildPlan(plan: BuildPlan): Promise<void> {
  await runPhase('netns', [
    async () =>
      commandFailure(
        'creating namespaces',
        await runCommand(['ip', '-batch', '-'], { input: namespaceAddLines(plan.namespaces) }),
      ),
  ]);
  await runPhase(
    'netns',
    plan.namespaces
      .filter((ns) => ns.links.length > 0)
      .map(
        (ns) => async () =>
          commandFailure(
            `creating links in ${ns.name}`,
            await runCommand(['ip', '-n', ns.name, '-batch', '-'], {
              input: ns.links.join('\n') + '\n',
            }),
          ),
      ),
  );
  await configureNamespaces('netns', plan.namespaces);
  await finishSegments('netns', plan);
}

/**
 * The last phases of bridged and overlay plumbing on either backend, once every
 * namespace is configured: wait until the bridges forward through their ports, then
 * start each segment's pod-local DHCP/DNS server (bridged only). Routed: nothing.
 */
export async function finishSegments(
  backend: string,
  plan: {
    readonly namespaces: readonly Pick<NamespacePlan, 'name' | 'role'>[];
    readonly layout: Pick<DataplaneLayout, 'plumbing'>;
    readonly podServers?: BuildPlan['podServers'];
  },
): Promise<void> {
  if (plan.layout.plumbing.mode === 'routed') return;
  // Bridges forward through a new port only once the kernel's link watch enabled it.
  await waitForForwardingPorts(
    plan.namespaces.filter((ns) => ns.role === 'host' || ns.role === 'site').map((ns) => ns.name),
    undefined,
    backend,
  );
  // Bridged plumbing: each segment's DHCP/DNS server, ready before the first probe.
  await startPodServers(plan.podServers ?? [], backend);
}
