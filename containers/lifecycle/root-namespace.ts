/**
 * A read-only picture of the root network namespace (links, addresses, routes, rules,
 * the nft/iptables-nft ruleset, the sysctls a dataplane could touch), to prove a run
 * or a driver call left it as it was. Two commands (`ip -batch`, `nft`) run at once;
 * the rest is read from /sys and /proc.
 *
 * Objects of the Docker engine are left out: the docker backend (which builds the
 * next dataplane while a scenario runs) and the engine itself add bridges (`br-*`,
 * `docker0`), veths (`veth` + 7 hex digits), their addresses and routes, and `DOCKER*` chains at
 * any moment. Residual limits: a change under such a name (a rule inside a `DOCKER*`
 * chain included), IPv6 policy rules and sysctls not listed here are not seen.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { runCommand, type CommandResult } from '../../harness/process/index.ts';

const SYSCTLS = [
  'net/ipv4/ip_forward',
  'net/ipv4/ip_nonlocal_bind',
  'net/ipv4/conf/all/rp_filter',
  'net/ipv4/conf/default/rp_filter',
  'net/ipv4/conf/all/proxy_arp',
  'net/ipv4/conf/default/proxy_arp',
  'net/ipv4/conf/all/forwarding',
  'net/ipv4/neigh/default/proxy_delay',
  'net/ipv6/conf/all/forwarding',
  'net/netfilter/nf_conntrack_tcp_loose',
  // Bridged plumbing writes these in its own namespaces only.
  'net/bridge/bridge-nf-call-iptables',
  'net/bridge/bridge-nf-call-ip6tables',
  'net/bridge/bridge-nf-call-arptables',
  'net/ipv6/conf/all/disable_ipv6',
  'net/ipv6/conf/default/disable_ipv6',
];

/** Section name -> normalised text. */
export type RootSnapshot = Readonly<Record<string, string>>;

// Counters (-s: stateless), address lifetimes, route expiry and carrier change by
// themselves: not compared.
const IP_BATCH = 'address show\nrule show\nroute show table all\n';
const VOLATILE = /\s*\\?\s*(valid|preferred)_lft \S+| expires \S+| linkdown\b/g;

const DOCKER = /\bbr-[0-9a-f]{12}\b|\bveth[0-9a-f]{7}\b|docker/i;

/** Drops Docker's lines, and bare braces whose chain header went with them. */
function withoutDocker(text: string): string {
  return text
    .split('\n')
    .filter((line) => !DOCKER.test(line) && !/^\s*[{}]?\s*$/.test(line))
    .map((line) => line.trim())
    .join('\n');
}

/**
 * The ruleset as one line per statement, each prefixed with its table and chain
 * (`table ip filter/chain FORWARD: counter accept`), without Docker's: its chains
 * (`DOCKER*`, bodies included) and lines naming its interfaces. Docker's anonymous
 * lines (`counter return`) would otherwise look like repeated or reordered lines of
 * ours whenever the engine adds or removes a network.
 */
export function rulesetWithoutDocker(text: string): string {
  const lines: string[] = [];
  let table = '';
  let block = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let qualified: string;
    if (/^table\s/.test(line)) {
      table = line.replace(/\s*\{$/, '');
      block = '';
      qualified = table;
    } else if (/^(chain|set|map|flowtable|ct|counter|quota|limit)\s.*\{$/.test(line)) {
      block = line.replace(/\s*\{$/, '');
      qualified = `${table}/${block}`;
    } else if (line === '}') {
      if (block !== '') block = '';
      else table = '';
      continue;
    } else {
      qualified = block === '' ? `${table}: ${line}` : `${table}/${block}: ${line}`;
    }
    if (!DOCKER.test(qualified)) lines.push(qualified);
  }
  return lines.join('\n');
}

/** IPv6 routes without the reference and use counts (columns 7-8), which traffic moves. */
/** Splits `ip -o -batch` output (addresses, rules, routes of every table and family). */
function ipSections(output: string): Record<string, string> {
  const sections: Record<string, string[]> = { addresses: [], rules: [], routes: [] };
  for (const raw of output.split('\n')) {
    const line = raw.replace(VOLATILE, '').trim();
    if (line === '') continue;
    if (/^\d+:\s+\S+\s+inet6?\s/.test(line)) sections.addresses?.push(line);
    else if (/^\d+:\s+(not\s+)?from\s/.test(line)) sections.rules?.push(line);
    else sections.routes?.push(line);
  }
  return Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v.join('\n')]));
}

function linkNames(): string {
  try {
    return readdirSync('/sys/class/net').sort().join('\n');
  } catch {
    return '(absent)';
  }
}

/** Marks a section that could not be read; such a snapshot is never reused as a baseline. */
export const UNREADABLE = '(unreadable:';

const failure = (result: CommandResult): string =>
  result.kind === 'spawn-failed'
    ? result.message
    : result.kind === 'timeout'
      ? 'timed out'
      : `exit ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`;

/**
 * Stdout of a read-only command, read again (3 tries) when it fails: on a busy machine a
 * failed read (a timeout, an interrupted dump) is not a change of the namespace.
 */
async function read(argv: readonly string[], input?: string): Promise<string> {
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await runCommand(argv, { timeoutMs: 20_000, ...(input ? { input } : {}) });
    // `lingered`: the pipes were cut after the exit grace (a stalled event loop can
    // do that on a saturated machine), so stdout may be incomplete, even empty.
    if (result.kind === 'exited' && result.code === 0 && result.lingered !== true) {
      return result.stdout;
    }
    last = result.kind === 'exited' && result.code === 0 ? 'output cut short' : failure(result);
  }
  return `${UNREADABLE} ${argv[0]} ${last})`;
}

/** True when every section of `snapshot` could be read. */
export const readable = (snapshot: RootSnapshot): boolean =>
  Object.values(snapshot).every((text) => !text.includes(UNREADABLE));

function sysctls(): string {
  return SYSCTLS.map((key) => {
    try {
      return `${key}=${readFileSync(`/proc/sys/${key}`, 'utf8').trim()}`;
    } catch {
      return `${key}=(absent)`;
    }
  }).join('\n');
}

/** Takes the snapshot; a section that could not be read says so (and then differs). */
export async function rootSnapshot(): Promise<RootSnapshot> {
  const [ip, first] = await Promise.all([
    read(['ip', '-o', '-batch', '-'], IP_BATCH),
    read(['nft', '-s', 'list', 'ruleset']),
  ]);
  // An empty ruleset is read again once: on a busy machine `nft` has printed nothing
  // (exit 0) while Docker's tables were there before and after (docs/findings.md, O1).
  const nft = first.trim() === '' ? await read(['nft', '-s', 'list', 'ruleset']) : first;
  const raw: Record<string, string> = { linkNames: linkNames(), ...ipSections(ip) };
  const snapshot: Record<string, string> = { sysctls: sysctls() };
  for (const [name, text] of Object.entries(raw)) snapshot[name] = withoutDocker(text);
  snapshot.ruleset = rulesetWithoutDocker(nft);
  return snapshot;
}

/** What differs between two snapshots, one line per changed line: `routes: +10.9.0.0/24 ...`. */
export function describeRootChanges(before: RootSnapshot, after: RootSnapshot): string[] {
  const changes: string[] = [];
  for (const [section, text] of Object.entries(after)) {
    const old = new Set((before[section] ?? '').split('\n'));
    const now = new Set(text.split('\n'));
    for (const line of now) if (!old.has(line)) changes.push(`${section}: +${line}`);
    for (const line of old) if (!now.has(line)) changes.push(`${section}: -${line}`);
    const same = changes.every((c) => !c.startsWith(`${section}:`));
    if (same && before[section] !== text) changes.push(`${section}: lines reordered or repeated`);
  }
  return changes;
}
