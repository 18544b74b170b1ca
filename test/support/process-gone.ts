/** Waiting for a process to be gone, as tests of process cleanup need. */
import { readFileSync } from 'node:fs';
import { processStartTime } from '../../containers/lifecycle/run-claims.ts';

/** True when `pid` no longer runs (gone, or a zombie awaiting its reaper). */
export function processGone(pid: number): boolean {
  try {
    return / [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Polls until `pid` is gone or `ms` passed; true when it is gone. */
export async function waitProcessGone(pid: number, ms = 2_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!processGone(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** A process as `pid` plus its start time (clock ticks since boot): pids are reused. */
export interface ProcessRef {
  readonly pid: number;
  readonly started: string | null;
}

/** `pids` with their start times, taken while they run. */
export function processRefs(pids: readonly number[]): ProcessRef[] {
  return pids.map((pid) => ({ pid, started: processStartTime(pid) }));
}

/**
 * The pids of `refs` whose process still runs: not gone, not a zombie (this machine's
 * init reaps orphans late), and not a new process that got the pid (pid_max is 32768
 * here and a busy machine wraps it in minutes).
 */
export function runningOf(refs: readonly ProcessRef[]): number[] {
  return refs
    .filter((r) => r.started !== null && !processGone(r.pid))
    .filter((r) => processStartTime(r.pid) === r.started)
    .map((r) => r.pid);
}
