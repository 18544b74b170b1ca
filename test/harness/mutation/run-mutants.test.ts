import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MutationResult,
  runMutants,
  type MutationRunOptions,
} from '../../../harness/mutation/index.ts';
import type { RunOptions } from '../../../harness/runner/index.ts';
import { fakeBackend, fakeDriver, observed } from '../runner/fakes.ts';
import { fakeRunResult } from './fake-results.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netconform-mutation-'));
  dirs.push(dir);
  return dir;
}

const mutants = [
  { name: 'alpha', origin: 'first', requirements: ['CT-REPLY'] },
  { name: 'beta', origin: 'second', requirements: ['SG-MATCH'] },
  { name: 'gamma', origin: 'third', requirements: ['NET-NAT-OUT'] },
];

const base = (extra: Partial<MutationRunOptions>): MutationRunOptions => ({
  mutants,
  backend: fakeBackend(() => observed(true)),
  driverFactoryFor: () => () => fakeDriver(),
  profile: 'safespring',
  budget: 25,
  seed: 99,
  maxSteps: 8,
  maxInstances: 4,
  maxSites: 2,
  probeTimeoutMs: 300,
  outDir: null,
  ...extra,
});

describe('runMutants (stand-in runner)', () => {
  it('runs every mutant with the same seed and budget and reads caught, missed and driver errors', async () => {
    const seen: RunOptions[] = [];
    const done: string[] = [];
    const result = await runMutants(
      base({
        run: async (options) => {
          seen.push(options);
          if (options.driver === 'mutant:alpha') {
            return fakeRunResult(options, {
              runsExecuted: 3,
              caught: {
                foundAfterMs: 1500,
                shrinkMs: 4000,
                steps: 2,
                violated: ['CT-REPLY'],
                involved: ['SG-MATCH'],
              },
            });
          }
          if (options.driver === 'mutant:beta') return fakeRunResult(options, { runsExecuted: 25 });
          return fakeRunResult(options, { runsExecuted: 1, driverError: 'nft: syntax error' });
        },
        onMutantDone: (o, position, total) =>
          done.push(`${position}/${total} ${o.name} ${o.status}`),
      }),
    );
    // Same generator limits as `run` gets, sites included.
    expect(seen.map((o) => [o.driver, o.seed, o.runs, o.maxSites])).toEqual([
      ['mutant:alpha', 99, 25, 2],
      ['mutant:beta', 99, 25, 2],
      ['mutant:gamma', 99, 25, 2],
    ]);
    expect(done).toEqual(['1/3 alpha caught', '2/3 beta missed', '3/3 gamma driver-error']);
    const [alpha, beta, gamma] = result.mutants;
    expect(alpha).toMatchObject({
      caught: true,
      runsUntilCaught: 3,
      caughtInRun: 2,
      timeToCatchMs: 1500,
      timeToShrinkMs: 4000,
      reproSteps: 2,
      violated: ['CT-REPLY'],
      involved: ['SG-MATCH'],
      expectedRequirements: ['CT-REPLY'],
      requirementsMatch: true,
      reproPath: '/out/mutant:alpha/scenario.json',
    });
    expect(beta).toMatchObject({
      status: 'missed',
      caught: false,
      runsUntilCaught: null,
      runsExecuted: 25,
      reproPath: null,
    });
    expect(gamma).toMatchObject({ status: 'driver-error', caught: false });
    expect(gamma?.driverError).toContain('nft: syntax error');
    expect(result.score).toMatchObject({
      caught: 1,
      total: 3,
      medianTimeToCatchMs: 1500,
      worstTimeToCatchMs: 1500,
    });
    expect(result.score.percent).toBeCloseTo(100 / 3);
  });
});

describe('runMutants (real runner, fake dataplane)', () => {
  it('catches a mutant whose dataplane lets everything through and writes a schema-valid result', async () => {
    const outDir = await tempDir();
    const result = await runMutants(base({ mutants: mutants.slice(0, 1), outDir }));
    const [alpha] = result.mutants;
    expect(alpha?.caught).toBe(true);
    expect(alpha?.reproSteps).toBeGreaterThan(0);
    expect(alpha?.reproSteps).toBeLessThanOrEqual(6);
    // Everything passes: the repro's step breaks both ends at once, so no single
    // requirement is blamed, but the deciding ones are recorded.
    expect([...alpha!.violated, ...alpha!.involved].length).toBeGreaterThan(0);
    expect(alpha?.reproPath).toMatch(new RegExp(`^${outDir}/mutants/alpha/`));
    // The run number the outcome gives is the one in the repro folder's name.
    expect(alpha?.reproPath).toContain(`-run${alpha?.caughtInRun}/`);
    // The repro and the mutant's own run result exist where the outcome says.
    expect(JSON.parse(await readFile(alpha!.reproPath!, 'utf8')).steps.length).toBe(
      alpha?.reproSteps,
    );
    expect(JSON.parse(await readFile(alpha!.runResultPath!, 'utf8')).driver).toBe('mutant:alpha');
    const written = MutationResult.parse(
      JSON.parse(await readFile(join(outDir, 'mutation-result.json'), 'utf8')),
    );
    expect(written).toEqual(result);
    expect(written).toMatchObject({
      seed: 99,
      budget: 25,
      backend: 'fake',
      score: { caught: 1, total: 1, percent: 100 },
    });
  });

  it('reports a driver error as such, not as a catch', async () => {
    const result = await runMutants(
      base({
        mutants: mutants.slice(1, 2),
        driverFactoryFor: () => () => fakeDriver(() => 'exit status 3'),
      }),
    );
    expect(result.mutants[0]).toMatchObject({
      name: 'beta',
      status: 'driver-error',
      caught: false,
    });
    expect(result.score.caught).toBe(0);
  });
});
