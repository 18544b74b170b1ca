/**
 * Deletes named network namespaces after killing every process still inside them (as
 * `ip netns pids` does: compare each process's net namespace with the bound file).
 * Deleting a namespace removes its veths, routes and nftables state with it.
 */
import { readdirSync, readlinkSync, statSync } from 'node:fs';
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

export interface Removal {
  readonly namespaces: readonly string[];
  readonly killed: readonly number[];
  /** Namespaces that could not be deleted, with `ip`'s message. */
  readonly errors: readonly string[];
}

/** Kills what runs inside `namespaces`, then deletes them in one `ip -batch`. */
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
  const result = await runCommand(['ip', '-force', '-batch', '-'], { input });
  const errors =
    result.kind === 'exited'
      ? result.stderr.split('\n').filter((line) => line.trim() !== '')
      : [result.kind === 'timeout' ? 'ip -batch timed out' : result.message];
  return { namespaces, killed, errors };
}
