/** Hand-made `RunResult`s of a mutant's run: caught, missed or failed with a driver error. */
import { RunResult, type RunOptions } from '../../../harness/runner/index.ts';
import { summariseCoverage } from '../../../harness/runner/summarise-coverage.ts';

interface Fake {
  readonly runsExecuted: number;
  readonly caught?: {
    readonly foundAfterMs: number;
    readonly shrinkMs: number;
    readonly steps: number;
    readonly violated: string[];
    readonly involved?: string[];
  };
  readonly driverError?: string;
}

const blameOf = (c: NonNullable<Fake['caught']>) => ({
  violated: c.violated,
  involved: c.involved ?? [],
  undetermined: c.violated.length === 0,
});

/** A schema-valid result of `options` with the given outcome. */
export function fakeRunResult(options: RunOptions, fake: Fake): RunResult {
  const c = fake.caught;
  return RunResult.parse({
    version: 1,
    profile: options.profile,
    driver: options.driver,
    backend: options.backend.name,
    seed: options.seed,
    shard: { index: 1, count: 1 },
    limits: {
      runs: options.runs,
      maxSteps: options.maxSteps,
      maxInstances: options.maxInstances,
      maxSites: 1,
      probeTimeoutMs: options.probeTimeoutMs,
      timeLimitMs: null,
    },
    startedAt: new Date(0).toISOString(),
    durationMs: 1000,
    verdict:
      c !== undefined ? 'disagree' : fake.driverError !== undefined ? 'driver-error' : 'agree',
    stoppedBy:
      c !== undefined
        ? 'disagreement'
        : fake.driverError !== undefined
          ? 'driver-error'
          : 'completed',
    totals: {
      runsPlanned: options.runs,
      runsExecuted: fake.runsExecuted,
      dataplanesBuilt: 1,
      steps: 0,
      trafficSteps: 0,
      agree: 0,
      disagree: c === undefined ? 0 : 1,
      inconclusive: 2,
      unconfirmed: 0,
      scenariosPerSecond: 1,
    },
    requirements: [],
    coverage: summariseCoverage(options.profile, 1, []),
    runs: [],
    disagreement:
      c === undefined
        ? null
        : {
            runIndex: fake.runsExecuted - 1,
            runSeed: 7,
            foundAfterMs: c.foundAfterMs,
            shrinkMs: c.shrinkMs,
            shrinkCandidates: 3,
            shrinkInterrupted: false,
            path: '0:1',
            originalSteps: 8,
            shrunkSteps: c.steps,
            blame: blameOf(c),
            repro: {
              dir: `/out/${options.driver}`,
              scenarioPath: `/out/${options.driver}/scenario.json`,
              replayCommand: 'netconform replay ...',
              steps: c.steps,
              blame: blameOf(c),
            },
          },
    driverError:
      fake.driverError === undefined
        ? null
        : { step: 2, message: fake.driverError, stderr: '', runIndex: fake.runsExecuted - 1 },
  });
}
