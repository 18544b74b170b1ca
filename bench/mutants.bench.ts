/**
 * Mutation figures: every built-in mutant against the netns dataplane with a fixed
 * seed and a budget of 200 runs; prints the mutation score and the median and worst
 * time to catch. Needs root; prints a skip line otherwise.
 */
import { netnsBackend } from '../containers/backends/index.ts';
import { createDriver, mutantCatalogue } from '../containers/drivers/index.ts';
import { GENERATOR_DEFAULTS } from '../harness/arbitraries/index.ts';
import { formatMutantDone, runMutants } from '../harness/mutation/index.ts';

const SEED = 1;
const BUDGET = 200;
const seconds = (ms: number | null): string =>
  ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;

export async function bench(): Promise<void> {
  try {
    await netnsBackend.preflight();
  } catch (error) {
    console.log(`mutants: skipped (${(error as Error).message})`);
    return;
  }
  const result = await runMutants({
    mutants: mutantCatalogue(),
    backend: netnsBackend,
    driverFactoryFor: (driver) => () => createDriver(driver),
    profile: 'safespring',
    budget: BUDGET,
    seed: SEED,
    ...GENERATOR_DEFAULTS,
    probeTimeoutMs: 300,
    outDir: null,
    onMutantDone: (outcome, position, total) =>
      console.log(`  ${formatMutantDone(outcome, position, total)}`),
  });
  const s = result.score;
  console.log(`mutants.score: ${s.caught}/${s.total} = ${s.percent.toFixed(1)} % (target 100 %)`);
  console.log(`mutants.median-time-to-catch: ${seconds(s.medianTimeToCatchMs)} (target <= 30 s)`);
  console.log(`mutants.worst-time-to-catch: ${seconds(s.worstTimeToCatchMs)}`);
  console.log(`mutants.median-time-to-shrink: ${seconds(s.medianTimeToShrinkMs)}`);
  console.log(`mutants.total: ${seconds(result.durationMs)} (seed ${SEED}, budget ${BUDGET} runs)`);
}
