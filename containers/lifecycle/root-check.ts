/**
 * The root check after a driver call: what changed in the root namespace that the
 * driver did. Other runs' links are left out and a change must be seen by two readings
 * (root-changes.ts says why); the second reading is taken only when the first shows one.
 */
import { claimedRuns, liveOwner } from './run-claims.ts';
import { confirmedChanges, driverRootChanges, type RunPrefixes } from './root-changes.ts';
import { describeRootChanges, rootSnapshot, type RootSnapshot } from './root-namespace.ts';

/** The prefixes claimed now; own ones are `runId` and every claim of this process. */
function runPrefixes(runId: string): RunPrefixes {
  const claimed = claimedRuns();
  const mine = claimed.filter((prefix) => liveOwner(prefix) === process.pid);
  return { own: [runId, ...mine], claimed };
}

/**
 * The driver's changes between `before` (taken before the call) and `after` (taken
 * after it), for the run `runId` (the state's run prefix); empty when it changed nothing.
 */
export async function rootChangesOfCall(
  before: RootSnapshot,
  after: RootSnapshot,
  runId: string,
): Promise<string[]> {
  if (describeRootChanges(before, after).length === 0) return [];
  const first = driverRootChanges(before, after, runPrefixes(runId));
  if (first.length === 0) return first;
  const second = driverRootChanges(before, await rootSnapshot(), runPrefixes(runId));
  return confirmedChanges(first, second);
}
