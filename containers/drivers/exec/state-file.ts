/**
 * The STATE.json file an external driver reads: the `DriverState`, validated against
 * the published schema, written to a fresh directory inside this process's private
 * run directory (removed with the process, on signals too). A failed run's file is
 * moved to a kept temporary directory the error message names.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DriverState } from '../../../harness/dataplane/driver-state.ts';
import { AnyDriverState, externalDriverState } from '../../../harness/dataplane/driver-state-v1.ts';
import { runDir } from '../../lifecycle/index.ts';

/**
 * The state as the driver receives it (v1 on routed plumbing, v2 on bridged), validated.
 * An invalid state is a harness bug, not the driver's fault, so it throws.
 */
export function wireState(state: DriverState): AnyDriverState {
  const parsed = AnyDriverState.safeParse(externalDriverState(state));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`refusing to hand an invalid DriverState to the driver (${issues})`);
  }
  return parsed.data;
}

/** Writes `wireState(state)` to `<run dir>/exec-XXXXXX/state.json`. */
export function writeStateFile(state: DriverState): string {
  const data = wireState(state);
  const file = join(mkdtempSync(join(runDir(), 'exec-')), 'state.json');
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** Removes a state file written by `writeStateFile`, with its directory. */
export function removeStateFile(file: string): void {
  rmSync(dirname(file), { recursive: true, force: true });
}

/**
 * Moves a state file out of the run directory into `<tmp>/netconform-exec-XXXXXX/`,
 * kept for the user to inspect or re-run the driver with; returns the new path.
 */
export function keepStateFile(file: string): string {
  const kept = join(mkdtempSync(join(tmpdir(), 'netconform-exec-')), 'state.json');
  renameSync(file, kept);
  removeStateFile(file);
  return kept;
}
