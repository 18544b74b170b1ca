/**
 * A run claims its prefix with a file naming its process before it creates anything,
 * so two runs never share a prefix and `netconform cleanup` can tell a crashed run's
 * leftovers (owner gone) from a live run (owner still running).
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { RUN_PREFIX_PATTERN } from '../backends/netns/names.ts';

/** Directory of claim files (tmpfs, like /run/netns: both vanish at reboot). */
export const CLAIMS_DIR = '/run/netconform';

interface Owner {
  readonly pid: number;
  /** Process start time (clock ticks since boot): guards against a reused pid. */
  readonly started: string;
}

/** When process `pid` started (clock ticks since boot), or null when it is gone. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Claims `prefix` for this process; false when another run already holds it. */
export function claimRun(prefix: string): boolean {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  let fd: number;
  try {
    fd = openSync(join(CLAIMS_DIR, prefix), 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const owner: Owner = { pid: process.pid, started: processStartTime(process.pid) ?? '' };
  writeSync(fd, JSON.stringify(owner));
  closeSync(fd);
  return true;
}

/** Gives the claim up (after the run's namespaces are gone). */
export function releaseRun(prefix: string): void {
  rmSync(join(CLAIMS_DIR, prefix), { force: true });
}

/** Every claimed prefix (the directory also holds the private runtime directory). */
export function claimedRuns(): string[] {
  try {
    return readdirSync(CLAIMS_DIR).filter((name) => RUN_PREFIX_PATTERN.test(name));
  } catch {
    return [];
  }
}

/** The pid of the live process owning `prefix`, or null when it is gone (or unknown). */
export function liveOwner(prefix: string): number | null {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(join(CLAIMS_DIR, prefix), 'utf8')) as Owner;
  } catch {
    return null;
  }
  return processStartTime(owner.pid) === owner.started ? owner.pid : null;
}
