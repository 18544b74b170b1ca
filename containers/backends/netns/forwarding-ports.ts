/**
 * The last build phase of bridged and overlay plumbing: wait until every bridge port
 * whose link is up forwards, as a platform reports a vNIC active only once it is wired.
 *
 * Why (docs/backends.md, "Cold paths: a bridge port forwards only once the kernel's link
 * watch ran"): a veth's carrier comes on when its second end goes up, but the bridge
 * enables the port only when the kernel's link watch has processed that carrier event,
 * asynchronously and, for a veth whose ifindex equals its peer's (each namespace numbers
 * from 1), at most once a second. Until then the port is `disabled` and the bridge drops
 * every frame through it: the first ARP request of a probe is lost and retried after
 * `retrans_time` (1 s). Measured under load: 1 to 2.5 s after the build.
 */
import { z } from 'zod';
import { runCommand } from '../../../harness/process/index.ts';
import { mapLimit } from './map-limit.ts';
import { BUILD_CONCURRENCY } from './build-phase.ts';
import { enterNamespace } from './names.ts';

/** Long enough for a link watch run on a loaded machine; a port later than this is broken. */
export const PORT_WAIT_MS = 15_000;
const POLL_MS = 25;

const bridgeLinks = z.array(
  z.object({
    ifname: z.string(),
    flags: z.array(z.string()).default([]),
    state: z.string().optional(),
  }),
);

/** Ports of `json` (`bridge -j link show`) whose link is up but that do not forward yet. */
export function pendingPorts(json: string): string[] {
  const parsed = bridgeLinks.safeParse(JSON.parse(json || '[]'));
  if (!parsed.success) throw new Error(`unexpected 'bridge -j link show' output: ${json}`);
  return parsed.data
    .filter((p) => p.flags.includes('UP') && p.flags.includes('LOWER_UP'))
    .filter((p) => p.state === 'disabled')
    .map((p) => p.ifname);
}

async function pendingIn(namespace: string): Promise<string[]> {
  const argv = [...enterNamespace(namespace), 'bridge', '-j', 'link', 'show'];
  const r = await runCommand(argv);
  if (r.kind !== 'exited' || r.code !== 0)
    throw new Error(`reading the bridge ports of ${namespace} failed: ${JSON.stringify(r)}`);
  return pendingPorts(r.stdout).map((p) => `${namespace}: ${p}`);
}

/**
 * Resolves once no bridge port of `namespaces` with its link up is still `disabled`;
 * throws naming the ports when that takes longer than `timeoutMs`.
 */
export async function waitForForwardingPorts(
  namespaces: readonly string[],
  timeoutMs = PORT_WAIT_MS,
  backend = 'netns',
): Promise<void> {
  const begun = performance.now();
  let waiting = [...namespaces];
  for (;;) {
    const pending = await mapLimit(waiting, BUILD_CONCURRENCY, pendingIn);
    waiting = waiting.filter((_, k) => pending[k]!.length > 0);
    if (waiting.length === 0) return;
    if (performance.now() - begun > timeoutMs)
      throw new Error(
        `building the ${backend} dataplane failed: bridge ports still disabled after ${timeoutMs} ms ` +
          `(their carrier is up; the kernel's link watch has not enabled them): ${pending.flat().join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
