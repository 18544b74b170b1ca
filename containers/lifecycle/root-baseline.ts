/**
 * The "before" picture of the root network namespace for the next external-driver
 * call, taken again only when it may be stale. The last clean call's "after" snapshot
 * is reused while nothing of ours that runs in the root namespace (a dataplane being
 * built or removed, another driver call) started, ran or ended since it was taken:
 * each call then costs one snapshot instead of two. Whatever a driver changes still
 * differs from the reused picture, so nothing it does goes unseen.
 */
import { readable, rootSnapshot, type RootSnapshot } from './root-namespace.ts';

let epoch = 0;
let active = 0;
let kept: { readonly snapshot: RootSnapshot; readonly epoch: number } | null = null;

/**
 * Runs `work`, which acts in the root namespace (builds or removes a dataplane, runs a
 * driver): a reused baseline taken before or during it is stale.
 */
export async function duringRootActivity<T>(work: () => Promise<T>): Promise<T> {
  epoch += 1;
  active += 1;
  try {
    return await work();
  } finally {
    active -= 1;
    epoch += 1;
  }
}

/** The picture to compare the next driver call against: the kept one if still current. */
export async function rootBaseline(): Promise<RootSnapshot> {
  if (kept !== null && kept.epoch === epoch && active === 0) return kept.snapshot;
  return rootSnapshot();
}

/** An "after" picture of a driver call, which may become the next call's baseline. */
export interface RootAfter {
  readonly snapshot: RootSnapshot;
  /** Keeps it as the next baseline (call it only when the call changed nothing). */
  keep(): void;
}

/** Takes the "after" picture of a driver call (once the call has ended). */
export async function rootSnapshotAfter(): Promise<RootAfter> {
  const at = epoch;
  const snapshot = await rootSnapshot();
  // A picture with an unreadable section would make the next call's diff meaningless.
  const current = epoch === at && active === 0 && readable(snapshot);
  return {
    snapshot,
    keep: () => {
      // Something of ours started or ended meanwhile: the picture may not be current.
      kept = current && epoch === at && active === 0 ? { snapshot, epoch } : null;
    },
  };
}
