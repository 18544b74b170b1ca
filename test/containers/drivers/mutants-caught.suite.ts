/**
 * Every built-in mutant is caught on a real dataplane: with a fixed seed, within 200
 * generated runs, with a repro on disk whose disagreeing step names a requirement the
 * mutant's catalogue entry says it violates (and, where the instance asks, shrunk to
 * at most a few steps).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver, mutantCatalogue } from '../../../containers/drivers/index.ts';
import { GENERATOR_DEFAULTS } from '../../../harness/arbitraries/index.ts';
import { runMutants, type MutantOutcome } from '../../../harness/mutation/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../harness/repro/index.ts';
import type { BackendUnderTest } from '../../support/backends-under-test.ts';

export const SEED = 1;
export const BUDGET = 200;

export interface MutantsCaughtOptions {
  /** Shrinking per mutant (see withShrinkBudget). */
  readonly shrinkTimeMs: number;
  /**
   * Largest accepted repro, in steps; null when shrinking is not what is checked. Also
   * the shrink goal: shrinking stops at the first candidate this short whose blame is
   * determined (docs/cli.md, `--shrink-goal`), and blame is checked too.
   */
  readonly maxReproSteps: number | null;
  /** The mutants searched for; all built-in ones when absent. */
  readonly only?: readonly string[];
  /** Mutants left to another test file (searched for there, with its own budget). */
  readonly exclude?: readonly string[];
  /** Scenarios of a mutant's run in flight at once (`--jobs`); default 1. */
  readonly jobs?: number;
  /**
   * Searches only part `index` (1-based) of `count` of the mutants left after `only` and
   * `exclude`: those at positions k with k % count == index - 1. The parts of one list
   * go to separate files so that they run at once; together they search every mutant.
   */
  readonly part?: { readonly index: number; readonly count: number };
}

export function mutantsCaughtSuite(under: BackendUnderTest, options: MutantsCaughtOptions): void {
  let outDir = '';
  const finished: MutantOutcome[] = [];
  const started = performance.now();

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'netconform-mutants-'));
  });

  afterAll(async () => {
    const total = ((performance.now() - started) / 1000).toFixed(1);
    const slowest = [...finished].sort((a, b) => b.durationMs - a.durationMs)[0];
    const runs = finished.reduce((n, o) => n + (o.runsUntilCaught ?? 0), 0);
    console.log(
      `mutants-caught (${under.name}): ${finished.filter((o) => o.caught).length}/${finished.length} caught ` +
        `after ${runs} runs in ${total} s` +
        (slowest === undefined
          ? ''
          : `; slowest ${slowest.name} ${(slowest.durationMs / 1000).toFixed(1)} s`),
    );
    if (outDir !== '') await rm(outDir, { recursive: true, force: true });
  });

  describe.sequential(
    `${options.only ? 'selected' : 'every'} built-in mutant${options.only ? 's are' : ' is'} caught on ${under.name} (seed ${SEED}, ${BUDGET} runs${options.part ? `, part ${options.part.index}/${options.part.count}` : ''})`,
    () => {
      const only = options.only;
      const exclude = options.exclude ?? [];
      const part = options.part ?? { index: 1, count: 1 };
      const mutants = mutantCatalogue()
        .filter((m) => (only === undefined || only.includes(m.name)) && !exclude.includes(m.name))
        .filter((_, k) => k % part.count === part.index - 1);
      const unknown = [...(only ?? []), ...exclude].filter(
        (name) => !mutantCatalogue().some((m) => m.name === name),
      );
      if (unknown.length > 0) throw new Error(`no built-in mutant named ${unknown.join(', ')}`);
      for (const mutant of mutants) {
        it(mutant.name, async () => {
          const result = await runMutants({
            mutants: [mutant],
            backend: under.backend,
            driverFactoryFor: (driver) => () => createDriver(driver),
            profile: mutant.profiles?.[0] ?? 'safespring',
            budget: BUDGET,
            seed: SEED,
            ...GENERATOR_DEFAULTS,
            // One site keeps 18 mutants x 2 backends inside CI's time; `mutants` uses two.
            maxSites: 1,
            probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
            shrinkTimeLimitMs: options.shrinkTimeMs,
            shrinkGoalSteps: options.maxReproSteps,
            jobs: options.jobs ?? 1,
            outDir,
          });
          const outcome = result.mutants[0]!;
          finished.push(outcome);
          expect(outcome.status, `${mutant.name}: ${outcome.driverError ?? ''}`).toBe('caught');
          expect(outcome.runsUntilCaught).toBeLessThanOrEqual(BUDGET);
          expect(outcome.reproSteps).toBeGreaterThan(0);
          if (options.maxReproSteps !== null)
            expect(outcome.reproSteps).toBeLessThanOrEqual(options.maxReproSteps);
          // The repro on disk is the shrunk scenario the outcome describes.
          const repro = JSON.parse(await readFile(outcome.reproPath!, 'utf8')) as {
            steps: unknown[];
          };
          expect(repro.steps).toHaveLength(outcome.reproSteps!);
          // Caught for the right reason: the repro blames exactly requirements the mutant
          // breaks (follow-up probes separate what the disagreeing step alone cannot).
          const meant: readonly string[] = mutant.requirements;
          expect(outcome.violated, `${mutant.name} blames`).not.toEqual([]);
          expect(
            outcome.violated.filter((id) => !meant.includes(id)),
            `${mutant.name} blames ${outcome.violated.join(', ')} (involved: ${outcome.involved.join(', ')})`,
          ).toEqual([]);
        });
      }
    },
  );
}
