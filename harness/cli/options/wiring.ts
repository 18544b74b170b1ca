/**
 * The composition root: the only harness module that reaches into `containers/`,
 * turning `--backend` and `--driver` into the objects the runner takes.
 */
import { backends } from '../../../containers/backends/index.ts';
import { createDriver, parseDriver } from '../../../containers/drivers/index.ts';
/** Lets a command keep a first Ctrl-C for itself (`run` while shrinking). */
export { interceptSignals } from '../../../containers/lifecycle/index.ts';
import {
  BACKEND_NAMES,
  parseBackendName,
  type BackendName,
  type DataplaneBackend,
  type DriverSpec,
} from '../../dataplane/index.ts';
import type { DriverFactory } from '../../runner/index.ts';
import { ExitCode, UsageError } from '../../dataplane/exit-codes.ts';

/** Every `--backend` value, for help and errors. */
export const backendNames: readonly BackendName[] = BACKEND_NAMES;

/** The backend `--backend name` names; exit 2 listing the valid names otherwise. */
export function resolveBackend(name: string): DataplaneBackend {
  return backends[parseBackendName(name)];
}

/**
 * A factory of fresh drivers for `--driver spec`. Creates one driver up front so a
 * bad spec fails before anything is built (exit 2 with the valid names).
 */
export function resolveDriverFactory(driver: DriverSpec | string): DriverFactory {
  const spec = typeof driver === 'string' ? parseDriver(driver) : driver;
  createDriver(spec);
  return () => createDriver(spec);
}

/** Runs the backend's preflight; missing privileges or tools are exit 2 with its fix. */
export async function preflightBackend(backend: DataplaneBackend): Promise<void> {
  try {
    await backend.preflight();
  } catch (error) {
    throw new UsageError(
      `the ${backend.name} backend cannot run here: ${(error as Error).message}`,
      ExitCode.badInput,
    );
  }
}
