/**
 * Naming of everything a netns dataplane creates. Every namespace is called
 * `netconform-<prefix>-<role>` so `netconform cleanup` finds a crashed run's leftovers;
 * interface names are `<prefix><role>` (at most 15 characters, as Linux requires) and
 * only ever exist inside the run's own namespaces.
 */
import { randomBytes } from 'node:crypto';

/** Every namespace of every run starts with this. */
export const NAMESPACE_MARKER = 'netconform-';

/** A run prefix: a lowercase letter then 1-5 lowercase letters or digits. */
export const RUN_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,5}$/;

/** `nc` + 4 random base36 characters, such as `nc4k2z`. */
export function randomRunPrefix(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(4);
  return 'nc' + [...bytes].map((b) => alphabet[b % 36]).join('');
}

/** Checks a user-given prefix; throws with the rule when it breaks it. */
export function checkRunPrefix(prefix: string): string {
  if (!RUN_PREFIX_PATTERN.test(prefix)) {
    throw new Error(
      `runPrefix "${prefix}" is invalid: use a lowercase letter followed by 1-5 lowercase letters or digits (e.g. "nc4k2z")`,
    );
  }
  return prefix;
}

/** Namespace name of one role in a run. */
export function namespaceName(prefix: string, role: string): string {
  return `${NAMESPACE_MARKER}${prefix}-${role}`;
}

/** The run prefix a namespace belongs to, or null when it is not one of ours. */
export function prefixOfNamespace(name: string): string | null {
  if (!name.startsWith(NAMESPACE_MARKER)) return null;
  const rest = name.slice(NAMESPACE_MARKER.length);
  const dash = rest.indexOf('-');
  const prefix = dash < 0 ? rest : rest.slice(0, dash);
  return RUN_PREFIX_PATTERN.test(prefix) ? prefix : null;
}

/** Role names: compact so `<prefix><role>` fits the 15-character interface limit. */
export const roles = {
  instance: (i: number) => `i${i}`,
  host: (i: number) => `h${i}`,
  site: (i: number) => `s${i}`,
  external: (i: number) => `x${i}`,
  /** The pod-local DHCP/DNS server of segment `i` (bridged plumbing). */
  podServer: (i: number) => `d${i}`,
  internet: 'w',
} as const;

/** Interface name `<prefix><role>`; throws when it would exceed 15 characters. */
export function interfaceName(prefix: string, role: string): string {
  const name = `${prefix}${role}`;
  if (name.length > 15) {
    throw new Error(`interface name "${name}" exceeds 15 characters: use a shorter runPrefix`);
  }
  return name;
}

/**
 * argv prefix running a command in the network namespace bound at /run/netns/NAME.
 * `nsenter --net` switches the network namespace only: cheaper than `ip netns exec`
 * (no private mount namespace, no /sys remount) and right for every host command
 * (nft, conntrack, ip, /proc/sys/net all follow the network namespace). Only /sys
 * keeps showing the machine's interfaces (docs/drivers.md, "enter").
 */
export const enterNamespace = (name: string): string[] => ['nsenter', `--net=/run/netns/${name}`];
