/**
 * The clean state of a container's network namespace, as a fingerprint: the text a
 * fresh container prints before the plan configures it, and that a used one must
 * print again after `wipeScript` before it may serve another run (its links, rules,
 * tables and sysctls then equal a fresh container's).
 */

/**
 * The sysctls every container's configuration script sets (`ROUTER` in the netns
 * plan), applied before each fingerprint so a fresh container and a wiped one compare
 * equal; a driver's changes to them are undone here, its other changes show.
 */
const NORMALISE = [
  'for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > "$f"; done',
  'echo 1 > /proc/sys/net/ipv4/ip_forward',
];

/** Prints links, IPv4 addresses, routes, rules, nftables (without counters) and sysctls. */
const PRINT = [
  "echo '== links'; ip -o link show | awk -F': ' '{print $2}'",
  "echo '== addresses'; ip -4 -o addr show",
  "echo '== routes'; ip -4 route show table all",
  "echo '== rules'; ip rule show",
  "echo '== nftables'; nft -s list ruleset",
  // nf_conntrack_count moves with traffic; every other value only when someone sets it.
  "echo '== sysctls'; grep -rs . /proc/sys/net/ipv4 /proc/sys/net/netfilter --exclude=nf_conntrack_count | sort",
];

/** Shell lines printing the fingerprint of the current namespace. */
export const fingerprintLines = (): string[] => [...NORMALISE, ...PRINT];

function section(fingerprint: string, name: string): string[] {
  const lines = fingerprint.split('\n');
  const start = lines.indexOf(`== ${name}`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('== '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Interface names of a fingerprint (without the `@peer` suffix). */
export const fingerprintLinks = (fingerprint: string): string[] =>
  section(fingerprint, 'links').map((l) => l.split('@')[0] ?? l);

/** `family name` of each nftables table of a fingerprint. */
export const fingerprintTables = (fingerprint: string): string[] =>
  section(fingerprint, 'nftables').flatMap((l) => {
    const m = /^table (\S+) (\S+) \{$/.exec(l);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });

/**
 * Script run in a used container: deletes every link and nftables table the clean
 * state lacks, flushes conntrack, then prints the fingerprint to compare with it.
 */
export function wipeScript(clean: string): string {
  const keepLinks = fingerprintLinks(clean).join(' ');
  const keepTables = fingerprintTables(clean)
    .map((t) => `"${t}"`)
    .join(' ');
  return [
    `for l in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do`,
    `  case " ${keepLinks} " in *" $l "*) ;; *) ip link del "$l" 2>/dev/null || true ;; esac`,
    'done',
    'nft list tables | while read -r _ family name; do',
    '  keep=no',
    `  for t in ${keepTables}; do [ "$t" = "$family $name" ] && keep=yes; done`,
    '  [ "$keep" = yes ] || nft delete table "$family" "$name"',
    'done',
    'conntrack -F >/dev/null 2>&1 || true',
    ...fingerprintLines(),
    '',
  ].join('\n');
}
