/**
 * Each process's own directory inside the private runtime directory, for files that
 * live only while it runs (driver state files, nft scripts). It is removed when the
 * process exits, on a signal too (the registry exits through `process.exit`);
 * `netconform cleanup` removes those of processes that died harder (SIGKILL).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { processStartTime } from './run-claims.ts';
import { runtimeDir } from './runtime-dir.ts';

const RUN_DIR = /^run-(\d+)-(\d+)$/;

let current: string | null = null;

/** This process's run directory (mode 0700), created on first use. */
export function runDir(): string {
  const dir = join(runtimeDir(), `run-${process.pid}-${processStartTime(process.pid) ?? 0}`);
  if (current === dir) return dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (current === null) process.on('exit', removeRunDir);
  current = dir;
  return dir;
}

/** Removes this process's run directory and what it holds. */
export function removeRunDir(): void {
  if (current !== null) rmSync(current, { recursive: true, force: true });
}

/** Removes the run directories of processes that are gone; returns their paths. */
export function removeStaleRunDirs(): string[] {
  let dir: string;
  let entries: string[];
  try {
    dir = runtimeDir();
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = RUN_DIR.exec(entry);
    if (match === null) continue;
    const [, pid, started] = match;
    if (processStartTime(Number(pid)) === started) continue; // still running
    rmSync(join(dir, entry), { recursive: true, force: true });
    removed.push(join(dir, entry));
  }
  return removed;
}
