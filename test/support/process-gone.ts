/** Waiting for a process to be gone, as tests of process cleanup need. */
import { readFileSync } from 'node:fs';

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
