/**
 * `--out`: checked and created before anything is built, so a bad path costs nothing
 * (exit 2 naming the flag) instead of every result at the end of a run.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../dataplane/exit-codes.ts';

const isDirectory = async (path: string): Promise<boolean | null> => {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return null;
  }
};

/**
 * Makes sure `path` is a writable directory, creating it (and missing parents) one
 * level at a time: recursive `mkdir` spins forever on paths such as `/proc/x`.
 * Returns the absolute path; throws `UsageError` naming `flag` otherwise.
 */
export async function prepareOutDir(flag: string, path: string): Promise<string> {
  const fail = (why: string): never => {
    throw new UsageError(
      `${flag} ${path}: ${why}; pass a writable directory, e.g. ${flag} reports`,
    );
  };
  if (path.trim() === '') fail('empty path');
  const absolute = resolve(path);
  const missing: string[] = [];
  let existing = absolute;
  for (let kind = await isDirectory(existing); kind === null; kind = await isDirectory(existing)) {
    missing.unshift(existing);
    if (dirname(existing) === existing) break;
    existing = dirname(existing);
  }
  if ((await isDirectory(existing)) === false) fail(`${existing} exists and is not a directory`);
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (error) {
      fail(`cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  // Root passes every permission check, so only a real write says whether it works.
  const probe = join(absolute, `.netconform-write-check-${process.pid}`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    fail(`cannot write in ${absolute} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return absolute;
}

/** `prepareOutDir` for the directory a file such as `--out report.html` goes to. */
export async function prepareOutFile(flag: string, path: string): Promise<string> {
  if (path.trim() === '' || path.endsWith('/')) {
    throw new UsageError(
      `${flag} ${path}: expected a file name, e.g. ${flag} reports/compliance.html`,
    );
  }
  const absolute = resolve(path);
  if ((await isDirectory(absolute)) === true) {
    throw new UsageError(`${flag} ${path}: ${absolute} is a directory; name a file inside it`);
  }
  await prepareOutDir(flag, dirname(absolute));
  return absolute;
}
