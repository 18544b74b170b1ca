import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunResult } from '../../../harness/runner/index.ts';
import { netconform } from './cli-process.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('netconform run + replay (netns, planted bug)', () => {
  it('catches mutant:no-masquerade, shrinks it to <= 6 steps, and replay reproduces it 3/3', async () => {
    const out = await mkdtemp(join(tmpdir(), 'netconform-mutant-'));
    dirs.push(out);
    // The time limit sits below the test timeout, so nothing runs after the test ends.
    const run = await netconform([
      'run',
      '--driver',
      'mutant:no-masquerade',
      '--seed',
      '1',
      '--runs',
      '100',
      '--time-limit',
      '150',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    const result = RunResult.parse(
      JSON.parse(await readFile(join(out, 'run-result.json'), 'utf8')),
    );
    const repro = result.disagreement?.repro;
    expect(repro).toBeDefined();
    expect(repro!.steps).toBeLessThanOrEqual(6);
    expect(repro!.blame.violated).toEqual(['NET-NAT-OUT']);
    expect(run.stdout).toContain(repro!.replayCommand);

    const replay = await netconform([
      'replay',
      repro!.scenarioPath,
      '--driver',
      'mutant:no-masquerade',
      '--backend',
      'netns',
      '--repeat',
      '3',
    ]);
    expect(replay.stdout).toContain('reproduced 3/3');
    expect(replay.code).toBe(1);

    // The same repro against the reference driver does not reproduce.
    const fixed = await netconform(['replay', repro!.scenarioPath, '--driver', 'reference']);
    expect(fixed.stdout).toContain('reproduced 0/1');
    expect(fixed.code).toBe(0);
  });
});
