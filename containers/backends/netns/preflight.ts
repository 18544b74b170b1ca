/** Checks that this process can build a netns dataplane, with a fix-it message if not. */
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { agentCommand } from '../../probe/index.ts';

const TOOLS: readonly { readonly argv: readonly string[]; readonly pkg: string }[] = [
  { argv: ['ip', '-V'], pkg: 'iproute2' },
  { argv: ['nft', '--version'], pkg: 'nftables' },
  { argv: ['conntrack', '--version'], pkg: 'conntrack' },
  { argv: ['ping', '-V'], pkg: 'iputils-ping' },
  // Host commands enter namespaces with `nsenter --net` (names.ts, enterNamespace).
  { argv: ['nsenter', '--version'], pkg: 'util-linux' },
  // The probe agents' ICMP watcher (containers/probe/agent-ping.ts).
  { argv: ['/usr/bin/python3', '-c', ''], pkg: 'python3' },
];

/** Throws `UsageError` naming what to do when not root or a tool is missing. */
export async function netnsPreflight(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new UsageError(
      'the netns dataplane needs root (network namespaces, nftables): run as root, e.g. `sudo npx netconform ...`',
    );
  }
  const results = await Promise.all(
    TOOLS.map((tool) => runCommand(tool.argv, { timeoutMs: 5_000 })),
  );
  const missing = TOOLS.filter((_, i) => results[i]?.kind === 'spawn-failed').map((t) => t.pkg);
  if (missing.length > 0) {
    throw new UsageError(
      `missing tools for the netns dataplane (${missing.join(', ')}): apt-get install nftables conntrack iproute2 iputils-ping util-linux python3`,
    );
  }
  // The agent runs as root: a planted or unsafe bundle fails here, before anything is built.
  await agentCommand();
}
