/**
 * Spoofed-source UDP from inside an instance namespace. Linux refuses to send from a
 * socket bound to a foreign address unless the socket is IP_TRANSPARENT (which Node
 * cannot set), so the agent sends from its own socket and a one-element nftables map
 * in the instance's OWN namespace rewrites that socket's source address on the way
 * out: the packet leaving the instance carries the spoofed source, as a malicious VM's
 * would. The element is removed right after the send, while the controller already
 * waits for the datagram.
 */
import { spawn } from 'node:child_process';

const TABLE = 'netconform_probe';
const SETUP = `table ip ${TABLE} {
  map spoof { type inet_service : ipv4_addr; }
  chain out { type filter hook postrouting priority 0; policy accept; ip saddr set udp sport map @spoof; }
}
`;

/** Runs `nft` in this namespace; resolves with its stderr on failure, null on success. */
function nft(args: readonly string[], input?: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('nft', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => resolve(`nft: ${e.message}`));
    child.on('close', (code) => resolve(code === 0 ? null : stderr.trim() || `nft exited ${code}`));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

let table: Promise<string | null> | undefined;

/** A spoofing rule in place: `release` removes it. */
export type SpoofRule =
  | { readonly kind: 'ok'; readonly release: () => Promise<void> }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Makes datagrams sent from local UDP port `port` leave with source `source` until
 * `release()` is called. Keep the socket bound until then: another socket reusing the
 * port would be spoofed too.
 */
export async function spoofSource(port: number, source: string): Promise<SpoofRule> {
  table ??= nft(['-f', '-'], SETUP);
  const setupError = await table;
  if (setupError !== null) {
    table = undefined;
    return { kind: 'failed', message: `setting up the spoofing table: ${setupError}` };
  }
  const element = `{ ${port} : ${source} }`;
  const added = await nft(['add', 'element', 'ip', TABLE, 'spoof', element]);
  if (added !== null) return { kind: 'failed', message: `adding ${element}: ${added}` };
  return {
    kind: 'ok',
    release: async () => {
      await nft(['delete', 'element', 'ip', TABLE, 'spoof', element]);
    },
  };
}
