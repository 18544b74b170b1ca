/**
 * Finds what crashed runs left behind (namespaces named `netconform-<prefix>-...`,
 * processes inside them, claim files, run directories of dead processes in the
 * private runtime directory) and removes it. Runs whose owner process is
 * still alive are left alone unless `includeLive` is set.
 */
import { NAMESPACE_MARKER, prefixOfNamespace } from '../backends/netns/names.ts';
import { listNamespaces, removeNamespaces, type Removal } from './remove-namespaces.ts';
import { claimedRuns, liveOwner, releaseRun } from './run-claims.ts';
import { removeStaleRunDirs } from './run-dir.ts';

export interface CleanupOptions {
  /** Only this run prefix. */
  readonly prefix?: string;
  /** Also remove runs whose owner process is still alive. */
  readonly includeLive?: boolean;
}

export interface CleanupReport {
  readonly removed: readonly (Removal & { readonly prefix: string })[];
  /** Runs left alone because their owner still runs. */
  readonly skipped: readonly { readonly prefix: string; readonly pid: number }[];
  /** Run directories (driver state files, nft scripts) of processes that are gone. */
  readonly runDirs: readonly string[];
}

/** Removes leftovers of runs that are gone; see `CleanupOptions`. */
export async function cleanupLeftovers(options: CleanupOptions = {}): Promise<CleanupReport> {
  const byPrefix = new Map<string, string[]>();
  for (const name of await listNamespaces()) {
    const prefix = prefixOfNamespace(name);
    if (prefix === null) continue;
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), name]);
  }
  for (const prefix of claimedRuns()) if (!byPrefix.has(prefix)) byPrefix.set(prefix, []);

  const removed: (Removal & { prefix: string })[] = [];
  const skipped: { prefix: string; pid: number }[] = [];
  for (const [prefix, namespaces] of [...byPrefix].sort(([a], [b]) => a.localeCompare(b))) {
    if (options.prefix !== undefined && prefix !== options.prefix) continue;
    const owner = liveOwner(prefix);
    if (owner !== null && owner !== process.pid && options.includeLive !== true) {
      skipped.push({ prefix, pid: owner });
      continue;
    }
    const removal = await removeNamespaces(namespaces);
    releaseRun(prefix);
    removed.push({ ...removal, prefix });
  }
  // Never one of a live process (whatever --all says): it only holds files in use.
  const runDirs = options.prefix === undefined ? removeStaleRunDirs() : [];
  return { removed, skipped, runDirs };
}

/** Human-readable lines describing a cleanup. */
export function describeCleanup(report: CleanupReport): string[] {
  const lines: string[] = [];
  for (const run of report.removed) {
    const ns = run.namespaces.length;
    lines.push(
      `removed run ${run.prefix}: ${ns} namespace${ns === 1 ? '' : 's'} (${NAMESPACE_MARKER}${run.prefix}-*)` +
        (run.killed.length > 0 ? `, killed pids ${run.killed.join(' ')}` : ''),
    );
    for (const error of run.errors) lines.push(`  warning: ${error}`);
  }
  for (const run of report.skipped) {
    lines.push(
      `kept run ${run.prefix}: its process ${run.pid} is still running (use --all to remove it)`,
    );
  }
  for (const dir of report.runDirs) lines.push(`removed runtime files of a dead process: ${dir}`);
  if (report.removed.length === 0 && report.runDirs.length === 0) lines.push('nothing to clean');
  return lines;
}
