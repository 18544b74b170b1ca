/**
 * Starts the pod-local DHCP/DNS server of each segment (`pod-server.py`, run by Debian's
 * `/usr/bin/python3` in the server's own namespace) and waits until each has bound its
 * sockets, so the first query of a run is never early. The servers are not stopped
 * here: they live in the run's namespaces, whose removal kills every process inside
 * (`removeNamespaces`), on a normal end, a signal or `netconform cleanup`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FRAME_MARKER, POD_DNS_NAME } from '../../probe/index.ts';
import { runPhase } from './build-phase.ts';
import { enterNamespace } from './names.ts';
import type { PodServerPlan } from './plan.ts';

const PYTHON = '/usr/bin/python3';
const SOURCE = fileURLToPath(new URL('pod-server.py', import.meta.url));
/** How long a server may take to bind its sockets (python start-up under load). */
const READY_TIMEOUT_MS = 20_000;

/** The JSON configuration `pod-server.py` reads from its first argument. */
export function podServerConfig(server: PodServerPlan): string {
  return JSON.stringify({
    ip: server.ip,
    mac: server.mac,
    gateway: server.gateway,
    prefixLength: server.prefixLength,
    name: POD_DNS_NAME,
    marker: FRAME_MARKER,
    leases: server.leases,
  });
}

/** Starts one server; resolves to null once it is ready, or to why it is not. */
function startOne(server: PodServerPlan, source: string): Promise<string | null> {
  const argv = [
    ...enterNamespace(server.namespace),
    PYTHON,
    '-I',
    '-S',
    '-c',
    source,
    podServerConfig(server),
  ];
  const what = `starting the pod server of ${server.site}/${server.network} in ${server.namespace}`;
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let settled = false;
    const settle = (problem: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Ready: the process runs on with the namespace; nothing here waits for it.
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve(problem);
    };
    const timer = setTimeout(
      () => settle(`${what}: not ready after ${READY_TIMEOUT_MS} ms ${stderr.trim()}`),
      READY_TIMEOUT_MS,
    );
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => settle(`${what}: ${e.message} (apt-get install python3)`));
    child.on('exit', (code, signal) =>
      settle(`${what}: exited (${signal ?? code}) ${stderr.trim()}`),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"ready"')) settle(null);
    });
  });
}

/** Starts every server of the plan; throws with each one that did not get ready. */
export async function startPodServers(
  servers: readonly PodServerPlan[],
  backend = 'netns',
): Promise<void> {
  if (servers.length === 0) return;
  const source = readFileSync(SOURCE, 'utf8');
  await runPhase(
    backend,
    servers.map((server) => () => startOne(server, source)),
  );
}
