/**
 * Checks, when the driver is created, that an `exec:PATH` driver can be run at all,
 * so a typo fails before any namespace is built.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';

/**
 * Returns the absolute path of `path` (relative paths resolve against the current
 * directory). Throws a `UsageError` naming the path and the fix when it is missing,
 * not a regular file, or not executable.
 */
export function resolveExecutable(path: string): string {
  if (path.trim() === '') {
    throw new UsageError(
      'driver "exec:" needs a path, e.g. --driver exec:examples/drivers/nft-safespring.sh',
    );
  }
  const absolute = resolve(path);
  let isFile: boolean;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    throw new UsageError(
      `driver exec:${path}: no such file (looked for ${absolute}). ` +
        'Check the path; relative paths are taken from the current directory.',
    );
  }
  if (!isFile) {
    throw new UsageError(
      `driver exec:${path}: ${absolute} is not a regular file. Point exec: at the driver program itself.`,
    );
  }
  try {
    accessSync(absolute, constants.X_OK);
  } catch {
    throw new UsageError(
      `driver exec:${path}: ${absolute} is not executable. Make it executable with ` +
        `\`chmod +x ${path}\` (and give it a shebang line such as #!/usr/bin/env bash).`,
    );
  }
  return absolute;
}
