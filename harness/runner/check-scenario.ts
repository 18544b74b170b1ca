/**
 * One scenario, start to finish, on a fresh (or given) dataplane: what `check` and
 * `replay` run. Always destroys what it built, also on errors.
 */
import type { Plumbing, ResolvedScenario } from '../../spec/index.ts';
import type { DataplaneBackend, HostSnapshot } from '../dataplane/index.ts';
import { DataplanePool } from './dataplane-pool.ts';
import { plumbingFor } from './plumbing-choice.ts';
import { runOnPool, type DriverFactory } from './run-on-pool.ts';
import type { DriverErrorRecord, ScenarioVerdict, StepRecord } from './step-record.ts';

export interface CheckOptions {
  readonly backend: DataplaneBackend;
  readonly driverFactory: DriverFactory;
  readonly probeTimeoutMs: number;
  /** Routed or bridged; default: the scenario's profile's plumbing. */
  readonly plumbing?: Plumbing;
  /** Default false: `check` shows the whole table. */
  readonly stopAtFirstDisagreement?: boolean;
  readonly snapshotOnDisagreement?: boolean;
  /** Reuse this pool's dataplane (replay --repeat); it is then not destroyed here. */
  readonly pool?: DataplanePool;
}

export interface CheckResult {
  readonly verdict: ScenarioVerdict;
  readonly steps: readonly StepRecord[];
  readonly firstDisagreement: number | null;
  readonly driverError: DriverErrorRecord | null;
  readonly snapshot: readonly HostSnapshot[] | null;
  /** Set when the dataplane could not be built (verdict inconclusive). */
  readonly setupError: string | null;
  readonly durationMs: number;
}

/** Runs `scenario` on the model and the dataplane and compares every traffic step. */
export async function checkScenario(
  scenario: ResolvedScenario,
  options: CheckOptions,
): Promise<CheckResult> {
  const owned = options.pool === undefined;
  const pool =
    options.pool ??
    new DataplanePool(options.backend, {
      probeTimeoutMs: options.probeTimeoutMs,
      plumbing: plumbingFor(scenario.profile, options.plumbing),
    });
  try {
    const run = await runOnPool(pool, scenario, options.driverFactory, {
      stopAtFirstDisagreement: options.stopAtFirstDisagreement ?? false,
      snapshotOnDisagreement: options.snapshotOnDisagreement ?? false,
    });
    if (run.kind === 'setup-failed') {
      return {
        verdict: 'inconclusive',
        steps: [],
        firstDisagreement: null,
        driverError: null,
        snapshot: null,
        setupError: run.reason,
        durationMs: run.durationMs,
      };
    }
    const { execution } = run;
    return {
      verdict: execution.verdict,
      steps: execution.steps,
      firstDisagreement: execution.firstDisagreement,
      driverError: execution.driverError,
      snapshot: execution.snapshot,
      setupError: null,
      durationMs: execution.durationMs,
    };
  } finally {
    if (owned) await pool.release();
  }
}
