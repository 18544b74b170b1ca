/**
 * Which root-namespace changes around a driver call are the driver's. The root check
 * compares the whole machine before and after the call, so a change another process
 * made meanwhile would land on the driver (docs/findings.md, O1). Two kinds are left
 * out: links named with another netconform run's prefix (with the lines that name
 * them), and changes that a second reading no longer shows (a concurrent change that
 * was undone, a dump that read empty once). Links named with the calling run's own
 * prefix are still the driver's: a driver creating them in the root namespace is caught.
 */
import { describeRootChanges, type RootSnapshot } from './root-namespace.ts';

/** Characters of an interface name: a link name counts only as a whole token. */
const NAME_CHAR = /[A-Za-z0-9_.:+-]/;

/** True when `line` names `name` as a whole token (`dev NAME`, `iifname "NAME"`, `NAME@if3`). */
function names(line: string, name: string): boolean {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : (line[at - 1] ?? '');
    const after = line[at + name.length] ?? '';
    if (!NAME_CHAR.test(before) && !NAME_CHAR.test(after)) return true;
  }
  return false;
}

/** Links of either picture named with one of `others` and none of `own`. */
export function otherRunLinks(
  pictures: readonly RootSnapshot[],
  own: readonly string[],
  others: readonly string[],
): string[] {
  const links = new Set(pictures.flatMap((p) => (p.linkNames ?? '').split('\n')));
  const startsWith = (name: string, prefixes: readonly string[]) =>
    prefixes.some((prefix) => prefix !== '' && name.startsWith(prefix));
  return [...links].filter((name) => startsWith(name, others) && !startsWith(name, own)).sort();
}

/** The picture without every line naming one of `links`. */
function without(snapshot: RootSnapshot, links: readonly string[]): RootSnapshot {
  if (links.length === 0) return snapshot;
  const kept = (text: string) =>
    text
      .split('\n')
      .filter((line) => !links.some((link) => names(line, link)))
      .join('\n');
  return Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, kept(v)]));
}

/** The runs a root check tells apart. */
export interface RunPrefixes {
  /** Prefixes of the run the driver works for (and of this process's other runs). */
  readonly own: readonly string[];
  /** Every claimed prefix, own ones included (they are taken out). */
  readonly claimed: readonly string[];
}

/**
 * The changes between `before` and `after` that are not other runs' links. Pure:
 * tested over pairs of pictures (test/containers/lifecycle/root-changes.test.ts).
 */
export function driverRootChanges(
  before: RootSnapshot,
  after: RootSnapshot,
  runs: RunPrefixes,
): string[] {
  const others = runs.claimed.filter((prefix) => !runs.own.includes(prefix));
  const links = otherRunLinks([before, after], runs.own, others);
  return describeRootChanges(without(before, links), without(after, links));
}

/**
 * The changes two readings after the call agree on: what the driver did is still there
 * at the second reading; a change seen once (a concurrent change undone, a ruleset
 * read empty once) is not.
 */
export function confirmedChanges(first: readonly string[], second: readonly string[]): string[] {
  const again = new Set(second);
  return first.filter((change) => again.has(change));
}
