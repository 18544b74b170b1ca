/**
 * Empties the neighbour tables of namespaces (`ip neigh flush all`: every entry but the
 * PERMANENT and NOARP ones), so nothing one scenario resolved speeds up or holds the
 * next one's first packets (docs/backends.md, "Cold paths"). One command per namespace,
 * all at once; the launcher runs them without a process (docs/backends.md, "Host
 * commands: the launcher").
 */
import { runCommand } from '../../../harness/process/index.ts';
import { commandFailure } from './build-phase.ts';
import { enterNamespace } from './names.ts';

/** Flushes `namespaces`' neighbour tables; what failed, or null. */
export async function flushNeighbours(namespaces: readonly string[]): Promise<string | null> {
  const results = await Promise.all(
    namespaces.map(async (ns) =>
      commandFailure(
        `flushing the neighbour table of ${ns}`,
        await runCommand([...enterNamespace(ns), 'ip', 'neigh', 'flush', 'all']),
      ),
    ),
  );
  const failures = results.filter((r) => r !== null);
  return failures.length === 0 ? null : failures.join('; ');
}
