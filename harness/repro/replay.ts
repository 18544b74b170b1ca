/**
 * `replay`: runs a scenario file K times (no fast-check) and counts how often a
 * confirmed disagreement shows up. K/K is a real violation; 0 < x < K is a flaky
 * dataplane; 0/K means it no longer reproduces.
 */
import type { ResolvedScenario } from '../../spec/index.ts';
import { checkScenario, type CheckOptions, type CheckResult } from '../runner/check-scenario.ts';
import { DataplanePool } from '../runner/dataplane-pool.ts';
import { plumbingFor } from '../runner/plumbing-choice.ts';

export interface ReplayOptions extends Omit<CheckOptions, 'pool' | 'stopAtFirstDisagreement'> {
  readonly repeat: number;
}

export type ReplayOutcome =
  /** Every attempt disagreed. */
  | 'reproduced'
  /** Some attempts disagreed, some did not. */
  | 'flaky'
  /** No attempt disagreed and every attempt agreed. */
  | 'never'
  /** No attempt disagreed, and some were inconclusive: no verdict. */
  | 'inconclusive'
  /** No attempt disagreed, and the driver failed. */
  | 'driver-error';

export interface ReplayResult {
  readonly repeat: number;
  readonly reproduced: number;
  readonly outcome: ReplayOutcome;
  readonly attempts: readonly CheckResult[];
}

/** Classifies attempts; exported for tests. */
export function replayOutcome(attempts: readonly CheckResult[]): ReplayOutcome {
  const reproduced = attempts.filter((a) => a.verdict === 'disagree').length;
  if (attempts.length > 0 && reproduced === attempts.length) return 'reproduced';
  if (reproduced > 0) return 'flaky';
  if (attempts.some((a) => a.verdict === 'driver-error')) return 'driver-error';
  if (attempts.some((a) => a.verdict === 'inconclusive')) return 'inconclusive';
  return 'never';
}

/** Runs `scenario` `repeat` times on one dataplane (rebuilt only if it breaks). */
export async function replayScenario(
  scenario: ResolvedScenario,
  options: ReplayOptions,
): Promise<ReplayResult> {
  if (!Number.isInteger(options.repeat) || options.repeat < 1) {
    throw new Error(`repeat must be a positive integer, got ${options.repeat}`);
  }
  const pool = new DataplanePool(options.backend, {
    probeTimeoutMs: options.probeTimeoutMs,
    plumbing: plumbingFor(scenario.profile, options.plumbing),
  });
  const attempts: CheckResult[] = [];
  try {
    for (let i = 0; i < options.repeat; i += 1) {
      attempts.push(
        await checkScenario(scenario, { ...options, pool, stopAtFirstDisagreement: true }),
      );
    }
  } finally {
    await pool.release();
  }
  return {
    repeat: options.repeat,
    reproduced: attempts.filter((a) => a.verdict === 'disagree').length,
    outcome: replayOutcome(attempts),
    attempts,
  };
}
