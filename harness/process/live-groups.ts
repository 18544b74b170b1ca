/**
 * The process groups of commands still running. Each command leads its own group, so
 * a terminal's Ctrl-C does not reach it: whoever handles the signal calls
 * `killLiveCommands()` so no command outlives the harness. Process exit does it too.
 */
const live = new Set<number>();
/** Groups `killLiveCommands` killed and whose command has not finished yet. */
const cancelled = new Set<number>();
let exitHookInstalled = false;

/** Sends `signal` to the process group `pgid`; false when it is already gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tracks the group led by `pid`; returns the function that stops tracking it, which
 * says whether `killLiveCommands` killed the group meanwhile.
 */
export function trackGroup(pid: number): () => boolean {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => killLiveCommands());
  }
  live.add(pid);
  return () => {
    live.delete(pid);
    return cancelled.delete(pid);
  };
}

/** SIGKILLs the process group of every command still running; returns how many. */
export function killLiveCommands(): number {
  let killed = 0;
  for (const pgid of live) {
    cancelled.add(pgid);
    if (killGroup(pgid, 'SIGKILL')) killed += 1;
  }
  live.clear();
  return killed;
}
