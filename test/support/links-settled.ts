import { runCommand } from '../../harness/process/index.ts';

/** How long the kernel's link watch may take on a loaded machine (it runs about once a second). */
const LINK_WATCH_MS = 5_000;

/**
 * Waits until no link but loopback in `namespaces` is still in operational state
 * UNKNOWN. The kernel sets a new or newly-up link's state asynchronously (link watch,
 * up to a second later, more under load), so two pictures of equal namespaces taken
 * right after their builds may differ by it alone. With `carrier`, also until no link
 * that is up lacks its carrier: for namespaces whose every link and peer is up, as a
 * built dataplane's (CI once pictured a fresh build's `Ps1` NO-CARRIER, state DOWN,
 * against UP in its twin). Throws past `LINK_WATCH_MS`, naming the links.
 */
export async function linksSettled(
  namespaces: readonly string[],
  { carrier = false }: { readonly carrier?: boolean } = {},
): Promise<void> {
  const deadline = Date.now() + LINK_WATCH_MS;
  for (;;) {
    const pending: string[] = [];
    for (const ns of namespaces) {
      const r = await runCommand(['ip', '-n', ns, '-o', 'link', 'show']);
      const lines = r.kind === 'exited' ? r.stdout.split('\n') : [];
      for (const line of lines)
        if (
          (line.includes('state UNKNOWN') && !line.includes('LOOPBACK')) ||
          (carrier && /[<,]UP[,>]/.test(line) && line.includes('NO-CARRIER'))
        )
          pending.push(`${ns}: ${line.split(':')[1]?.trim() ?? line}`);
    }
    if (pending.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `links still in state UNKNOWN${carrier ? ' or without carrier' : ''} after ${LINK_WATCH_MS} ms: ${pending.join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
