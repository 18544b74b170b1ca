import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMutationResult, loadRunResult } from '../../../harness/report/index.ts';
import { syntheticRunResult } from '../../../fixtures/synthetic-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'netconform-read-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadRunResult', () => {
  it('reads a run directory and finds a moved repro bundle next to it', async () => {
    const run = join(dir, 'run');
    const bundle = join(run, 'repros', 'r1');
    await mkdir(bundle, { recursive: true });
    const result = {
      ...syntheticRunResult({ runs: 4 }),
      verdict: 'disagree',
      disagreement: {
        runIndex: 1,
        runSeed: 5,
        foundAfterMs: 10,
        shrinkMs: 20,
        shrinkCandidates: 3,
        shrinkInterrupted: false,
        path: '0:1',
        originalSteps: 6,
        shrunkSteps: 2,
        blame: { violated: ['CT-REPLY'], involved: ['SG-MATCH'], undetermined: false },
        // Written on another machine: the absolute dir no longer exists.
        repro: {
          dir: '/elsewhere/repros/r1',
          scenarioPath: '/elsewhere/repros/r1/scenario.json',
          replayCommand: 'netconform replay x',
          steps: 2,
          blame: { violated: ['CT-REPLY'], involved: ['SG-MATCH'], undetermined: false },
        },
      },
    };
    await writeFile(join(run, 'run-result.json'), JSON.stringify(result));
    await writeFile(join(bundle, 'steps.txt'), '#  step\n1  probe a -> b tcp/22\n');
    await writeFile(join(bundle, 'scenario.json'), '{"profile":"safespring"}');
    const loaded = await loadRunResult(run);
    expect(loaded.kind).toBe('loaded');
    if (loaded.kind !== 'loaded') return;
    expect(loaded.value.verdict).toBe('disagree');
    expect(loaded.value.repros[0]).toMatchObject({
      violated: ['CT-REPLY'],
      tableText: '#  step\n1  probe a -> b tcp/22\n',
      scenario: { profile: 'safespring' },
    });
  });

  it('names the file and field when the input is wrong', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ version: 1, profile: 'aws' }));
    const bad = await loadRunResult(join(dir, 'bad.json'));
    expect(bad.kind === 'invalid' && bad.message).toMatch(
      /bad\.json is not a netconform run result: profile/,
    );
    const missing = await loadRunResult(join(dir, 'nothing'));
    expect(missing.kind === 'invalid' && missing.message).toMatch(/no such file.*--out directory/);
  });
});

describe('loadMutationResult', () => {
  it('names the file and field of a bad mutation-result.json', async () => {
    const bad = join(dir, 'mutants-bad');
    await mkdir(bad, { recursive: true });
    await writeFile(
      join(bad, 'mutation-result.json'),
      JSON.stringify({ version: 1, mutants: [{ name: 'x' }] }),
    );
    const loaded = await loadMutationResult(bad);
    expect(loaded.kind === 'invalid' && loaded.message).toMatch(
      /mutation-result\.json is not a netconform mutation result: profile/,
    );
    const missing = await loadMutationResult(join(dir, 'none'));
    expect(missing.kind === 'invalid' && missing.message).toMatch(
      /no such file.*netconform mutants/,
    );
  });
});
