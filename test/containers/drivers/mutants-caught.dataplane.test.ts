/**
 * Every built-in mutant is caught on the netns dataplane: with a fixed seed, within
 * 200 generated runs, shrunk to a repro of at most 6 steps whose disagreeing step
 * names a requirement the mutant's catalogue entry says it violates.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../containers/backends/index.ts';
import { createDriver, mutantCatalogue } from '../../../containers/drivers/index.ts';
import { runMutants, type MutantOutcome } from '../../../harness/mutation/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../harness/repro/index.ts';

const SEED = 1;
const BUDGET = 200;
const MAX_REPRO_STEPS = 6;
/** Shrinking per mutant (full shrinks take up to 3 min each; see withShrinkBudget). */
const SHRINK_TIME_MS = 20_000;

let outDir = '';
const finished: MutantOutcome[] = [];
const started = performance.now();

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'netconform-mutants-'));
});

afterAll(async () => {
  const total = ((performance.now() - started) / 1000).toFixed(1);
  const slowest = [...finished].sort((a, b) => b.durationMs - a.durationMs)[0];
  console.log(
    `mutants-caught: ${finished.filter((o) => o.caught).length}/${finished.length} caught in ${total} s` +
      (slowest === undefined
        ? ''
        : `; slowest ${slowest.name} ${(slowest.durationMs / 1000).toFixed(1)} s`),
  );
  if (outDir !== '') await rm(outDir, { recursive: true, force: true });
});

describe.sequential(`every built-in mutant is caught (seed ${SEED}, ${BUDGET} runs)`, () => {
  for (const mutant of mutantCatalogue()) {
    it(mutant.name, async () => {
      const result = await runMutants({
        mutants: [mutant],
        backend: backends.netns!,
        driverFactoryFor: (driver) => () => createDriver(driver),
        profile: 'safespring',
        budget: BUDGET,
        seed: SEED,
        maxSteps: 8,
        maxInstances: 4,
        probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
        shrinkTimeLimitMs: SHRINK_TIME_MS,
        outDir,
      });
      const outcome = result.mutants[0]!;
      finished.push(outcome);
      expect(outcome.status, `${mutant.name}: ${outcome.driverError ?? ''}`).toBe('caught');
      expect(outcome.runsUntilCaught).toBeLessThanOrEqual(BUDGET);
      expect(outcome.reproSteps).toBeGreaterThan(0);
      expect(outcome.reproSteps).toBeLessThanOrEqual(MAX_REPRO_STEPS);
      // The repro on disk is the shrunk scenario the outcome describes.
      const repro = JSON.parse(await readFile(outcome.reproPath!, 'utf8')) as { steps: unknown[] };
      expect(repro.steps).toHaveLength(outcome.reproSteps!);
      // Caught for the right reason: the disagreeing step names a catalogue requirement.
      expect(outcome.requirements.length).toBeGreaterThan(0);
      expect(outcome.requirements.filter((id) => mutant.requirements.includes(id))).not.toEqual([]);
    });
  }
});
