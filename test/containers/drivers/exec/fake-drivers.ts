/**
 * Tiny external driver programs written to a temporary directory: real processes run
 * by the exec driver, each misbehaving (or behaving) in one way.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A directory of fake drivers; `remove()` deletes it. */
export interface FakeDriverDir {
  readonly dir: string;
  /** Writes an executable bash script `name` with `body` and returns its path. */
  script(name: string, body: string, mode?: number): string;
  remove(): void;
}

/** Creates an empty directory for fake drivers. */
export function createFakeDriverDir(): FakeDriverDir {
  const dir = mkdtempSync(join(tmpdir(), 'netconform-fake-driver-'));
  return {
    dir,
    script(name, body, mode = 0o755) {
      const path = join(dir, name);
      writeFileSync(path, `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(path, mode);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The state file a driver-error message names (kept for the user), if any. */
export function keptStateFile(message: string): string | undefined {
  return /\S*\/netconform-exec-[^/\s]+\/state\.json/.exec(message)?.[0];
}
