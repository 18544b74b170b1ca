/** One mutant's `RunResult` read as a mutation outcome (caught, missed, driver error). */
import { join } from 'node:path';
import type { RunResult } from '../runner/index.ts';
import type { MutantOutcome } from './mutation-result.ts';

/** What the mutation run needs to know about a mutant (the catalogue's metadata). */
export interface MutantDescription {
  readonly name: string;
  readonly origin: string;
  /** Requirement IDs the mutant is meant to violate. */
  readonly requirements: readonly string[];
}

/** Where mutant `name`'s run output goes under the `mutants` output directory. */
export const mutantOutDir = (outDir: string, name: string): string => join(outDir, 'mutants', name);

/** Reads `result` (the mutant's run, written under `outDir` when given) as an outcome. */
export function mutantOutcome(
  mutant: MutantDescription,
  result: RunResult,
  outDir: string | null,
): MutantOutcome {
  const d = result.disagreement;
  const e = result.driverError;
  const status: MutantOutcome['status'] =
    d !== null ? 'caught' : e !== null ? 'driver-error' : 'missed';
  const violated = d?.blame.violated ?? [];
  const expected = [...mutant.requirements];
  return {
    name: mutant.name,
    driver: result.driver,
    origin: mutant.origin,
    status,
    caught: status === 'caught',
    runsUntilCaught: d === null ? null : result.totals.runsExecuted,
    caughtInRun: d?.runIndex ?? null,
    runsExecuted: result.totals.runsExecuted,
    timeToCatchMs: d?.foundAfterMs ?? null,
    timeToShrinkMs: d?.shrinkMs ?? null,
    reproSteps: d?.repro?.steps ?? d?.shrunkSteps ?? null,
    violated: [...violated],
    involved: [...(d?.blame.involved ?? [])],
    expectedRequirements: expected,
    // Precise: something is blamed and everything blamed is a requirement the mutant breaks.
    requirementsMatch: violated.length > 0 && violated.every((id) => expected.includes(id)),
    reproPath: d?.repro?.scenarioPath ?? null,
    runResultPath: outDir === null ? null : join(outDir, 'run-result.json'),
    driverError:
      e === null
        ? null
        : `run ${e.runIndex} at ${e.step === null ? 'the initial state' : `step ${e.step + 1}`}: ${e.message}`,
    inconclusiveSteps: result.totals.inconclusive,
    durationMs: result.durationMs,
  };
}
