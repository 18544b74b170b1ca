/**
 * The private runtime directory: where netconform keeps files it later executes or
 * hands to a driver (the bundled probe agent, driver state files, nft scripts). Root
 * uses `/run/netconform/runtime`, others `$XDG_RUNTIME_DIR/netconform`
 * (`$NETCONFORM_RUNTIME_DIR` overrides both). It is created
 * mode 0700 and every use checks that it (and the directory holding it) is ours and
 * closed to others: a world-writable temp directory is not a place to run code from
 * as root. Anything else fails closed with `UnsafeRuntimeDirError` (exit 2).
 */
import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../harness/dataplane/exit-codes.ts';
import { CLAIMS_DIR } from './run-claims.ts';

/** Name of the private directory inside the claims directory (root) or the XDG one. */
export const RUNTIME_DIR_NAME = 'runtime';

/** A runtime directory (or a file in it) that someone else could have written. */
export class UnsafeRuntimeDirError extends UsageError {}

const uid = (): number => process.getuid?.() ?? 0;

/** Environment variable naming another runtime directory (checked the same way). */
export const RUNTIME_DIR_ENV = 'NETCONFORM_RUNTIME_DIR';

/** Where the private runtime directory is for this user (not created). */
export function runtimeDirPath(): string {
  const chosen = process.env[RUNTIME_DIR_ENV];
  if (chosen !== undefined && chosen !== '') return resolve(chosen);
  if (uid() === 0) return join(CLAIMS_DIR, RUNTIME_DIR_NAME);
  const xdg = process.env.XDG_RUNTIME_DIR;
  return xdg ? join(xdg, 'netconform') : join(tmpdir(), `netconform-${uid()}`);
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;

/** Throws the refusal for `path`, saying why and what to do. */
export function refuse(path: string, why: string): never {
  throw new UnsafeRuntimeDirError(
    `refusing to use ${path}: ${why}. Someone else may have planted it: check what it ` +
      `holds, remove it (rm -rf ${path}) and run again.`,
  );
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Checks a directory that holds ours: a real directory nobody else can write into. */
function checkHolder(path: string, stats: Stats): void {
  if (stats.isSymbolicLink()) refuse(path, 'it is a symbolic link, not a directory');
  if (!stats.isDirectory()) refuse(path, 'it is not a directory');
  if (stats.uid !== uid() && stats.uid !== 0) {
    refuse(path, `it is owned by uid ${stats.uid}, not by root or uid ${uid()}`);
  }
  const sticky = (stats.mode & 0o1000) !== 0;
  if ((stats.mode & 0o022) !== 0 && !sticky) {
    refuse(path, `others may write into it (mode ${octal(stats.mode)})`);
  }
}

/** Checks our private directory: a real directory of ours, mode 0700. */
export function checkPrivateDir(path: string, stats: Stats): void {
  if (stats.isSymbolicLink()) refuse(path, 'it is a symbolic link, not a directory');
  if (!stats.isDirectory()) refuse(path, 'it is not a directory');
  if (stats.uid !== uid()) refuse(path, `it is owned by uid ${stats.uid}, not by uid ${uid()}`);
  if ((stats.mode & 0o077) !== 0) {
    refuse(path, `its mode is ${octal(stats.mode)}, not 0700 (others may read or write it)`);
  }
}

/**
 * Creates `path` mode 0700 (its parent, if missing, mode 0755) or checks the one
 * there; returns `path`. Throws `UnsafeRuntimeDirError` when it or its parent could
 * have been written by someone else.
 */
export function ensurePrivateDir(path: string): string {
  const parent = dirname(path);
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  const parentStats = lstatOrNull(parent);
  if (parentStats === null) refuse(parent, 'it vanished while being created');
  checkHolder(parent, parentStats);
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Whether we just made it or found it: check what is there now, not what we asked for.
  const stats = lstatOrNull(path);
  if (stats === null) refuse(path, 'it vanished while being created');
  checkPrivateDir(path, stats);
  return path;
}

/** The private runtime directory, created or checked (see `ensurePrivateDir`). */
export function runtimeDir(): string {
  return ensurePrivateDir(runtimeDirPath());
}
