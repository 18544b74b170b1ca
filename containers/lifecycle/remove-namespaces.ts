/**
 * Deletes named network namespaces after killing every process still inside them (as
 * `ip netns pids` does: compare each process's net namespace with the bound file).
 * Deleting a namespace removes its veths, routes and nftables state with it.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { runCommand } from '../../harness/process/index.ts';

/** Namespaces `ip netns list` shows. */
export async function listNamespaces(): Promise<string[]> {
  const result = await runCommand(['ip', 'netns', 'list']);
  if (result.kind !== 'exited' || result.code !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** `net:[inode]` of a process, or null when it is gone or not ours to read. */
function netnsOf(pid: string): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return null;
  }
}

/** Pids of the processes living in any of `namespaces`. */
export function pidsInside(namespaces: readonly string[]): number[] {
  const inodes = new Set<string>();
  for (const name of namespaces) {
    try {
      inodes.add(`net:[${statSync(`/run/netns/${name}`).ino}]`);
    } catch {
      // already gone
    }
  }
  // Never the root namespace (or ours), whatever a namespace file points at.
  for (const pid of ['1', 'self']) inodes.delete(netnsOf(pid) ?? '');
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (inodes.has(netnsOf(entry) ?? '')) pids.push(Number(entry));
  }
  return pids;
}

/** Whether `pid` still runs: it exists and is not a zombie (dead, waiting to be reaped). */
export function stillRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * How long a removal waits for the processes it killed to be gone. SIGKILL is not
 * instant: a killed process exits when it next gets a core, which took seconds on a
 * loaded 2-core machine (OpenVPN daemons of a danube run were still listed after the
 * run had exited).
 */
const EXIT_WAIT_MS = 10_000;

/** Waits until none of `pids` runs (see `stillRunning`), at most `EXIT_WAIT_MS`. */
async function exitOf(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + EXIT_WAIT_MS;
  while (pids.some(stillRunning) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
}

export interface Removal {
  readonly namespaces: readonly string[];
  readonly killed: readonly number[];
  /** Namespaces that could not be deleted, with `ip`'s message. */
  readonly errors: readonly string[];
}

/**
 * Kills what runs inside `namespaces`, deletes them in one `ip -batch` and waits (a
 * bounded time) until the killed processes are gone, so nothing of the run still runs
 * when this returns.
 */
export async function removeNamespaces(namespaces: readonly string[]): Promise<Removal> {
  if (namespaces.length === 0) return { namespaces, killed: [], errors: [] };
  const killed = pidsInside(namespaces).filter((pid) => {
    try {
      process.kill(pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  });
  const input = namespaces.map((name) => `netns del ${name}\n`).join('');
  const [result] = await Promise.all([
    runCommand(['ip', '-force', '-batch', '-'], { input }),
    exitOf(killed),
  ]);
  const errors =
    result.kind === 'exited'
      ? result.stderr.split('\n').filter((line) => line.trim() !== '')
      : [result.kind === 'timeout' ? 'ip -batch timed out' : result.message];
  return { namespaces, killed, errors };
}
