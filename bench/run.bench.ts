/**
 * Runner throughput on the netns dataplane: scenarios per second over 100 generated
 * safespring scenarios (~8 steps, ~4 instances) with the reference driver, and the
 * time to find and shrink a planted bug (mutant:no-masquerade).
 */
import { backends } from '../containers/backends/index.ts';
import { createDriver } from '../containers/drivers/index.ts';
import { runConformance, type RunOptions } from '../harness/runner/index.ts';

const base = {
  profile: 'safespring',
  maxSteps: 8,
  maxInstances: 4,
  probeTimeoutMs: 300,
} as const satisfies Partial<RunOptions>;

export async function bench(): Promise<void> {
  const backend = backends.netns!;
  try {
    await backend.preflight();
  } catch (error) {
    console.log(`run: skipped (${(error as Error).message})`);
    return;
  }

  const clean = await runConformance({
    ...base,
    backend,
    driverFactory: () => createDriver('reference'),
    driver: 'reference',
    runs: 100,
    seed: 1,
  });
  const t = clean.totals;
  console.log(`run.scenarios-per-s: ${t.scenariosPerSecond.toFixed(2)} /s (target >= 2)`);
  console.log(
    `run.reference: ${t.runsExecuted} runs, ${t.steps} steps, ${t.disagree} disagree, ` +
      `${t.inconclusive} inconclusive, ${t.dataplanesBuilt} dataplanes built`,
  );

  const started = performance.now();
  const planted = await runConformance({
    ...base,
    backend,
    driverFactory: () => createDriver('mutant:no-masquerade'),
    driver: 'mutant:no-masquerade',
    runs: 100,
    seed: 1,
    timeLimitMs: 300_000,
  });
  const d = planted.disagreement;
  if (d === null) {
    console.log('run.find-and-shrink-s: not found (target <= 60 s)');
    return;
  }
  const total = (performance.now() - started) / 1000;
  console.log(
    `run.find-and-shrink-s: ${total.toFixed(1)} s (target <= 60): found after ` +
      `${(d.foundAfterMs / 1000).toFixed(1)} s, shrunk ${d.originalSteps} -> ${d.shrunkSteps} steps ` +
      `in ${(d.shrinkMs / 1000).toFixed(1)} s (${d.shrinkCandidates} candidates)`,
  );
}
