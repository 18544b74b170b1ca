/**
 * A repro bundle replays on the plumbing its run built (meta.json `plumbing`), not on
 * the profile's default; an explicit --plumbing wins, with a notice. The bundle holds
 * the first two steps of examples/cloudstack-l2.json (a probe and a spoofed-MAC frame,
 * which only bridged plumbing can carry) and records routed plumbing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReproBundle } from '../../../harness/repro/index.ts';
import { loadScenario } from '../../requirements/scenario-files.ts';
import { netconform } from './cli-process.ts';

const example = fileURLToPath(new URL('../../../examples/cloudstack-l2.json', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface ReplayJson {
  readonly plumbing: string;
  readonly attempts: readonly { readonly steps: readonly { readonly verdict: string }[] }[];
}

describe('netconform replay of a bundle (netns)', () => {
  it('uses the recorded plumbing unless --plumbing is given', async () => {
    const out = await mkdtemp(join(tmpdir(), 'netconform-plumbing-'));
    dirs.push(out);
    const full = loadScenario(example);
    const scenario = { ...full, steps: full.steps.slice(0, 2) };
    expect(scenario.steps.map((s) => s.op)).toEqual(['probe', 'macSpoof']);
    const bundle = await writeReproBundle({
      outDir: out,
      id: 'plumbing-recorded',
      scenario,
      steps: [],
      snapshot: null,
      meta: {
        seed: 1,
        runIndex: 0,
        runSeed: 1,
        fastCheckPath: null,
        profile: 'cloudstack',
        driver: 'reference',
        backend: 'netns',
        probeTimeoutMs: 300,
        plumbing: { mode: 'routed' },
        failingStep: null,
        blame: { violated: [], involved: [], undetermined: false },
        originalSteps: 2,
        shrinkInterrupted: false,
      },
    });
    expect(bundle.replayCommand).toContain('--plumbing routed');

    const recorded = await netconform(['replay', bundle.scenarioPath, '--json']);
    expect(recorded.stderr).toContain('plumbing routed (recorded in');
    const routed = JSON.parse(recorded.stdout) as ReplayJson;
    expect(routed.plumbing).toBe('routed');
    // Routed plumbing carries no frames: the spoofed-MAC step is not compared.
    expect(routed.attempts[0]!.steps[1]!.verdict).not.toBe('agree');

    const given = await netconform([
      'replay',
      bundle.scenarioPath,
      '--json',
      '--plumbing',
      'bridged',
    ]);
    expect(given.stderr).toContain("--plumbing bridged:cloudstack overrides the repro's routed");
    const bridged = JSON.parse(given.stdout) as ReplayJson;
    expect(bridged.plumbing).toBe('bridged:cloudstack');
    expect(bridged.attempts[0]!.steps.map((s) => s.verdict)).toEqual(['agree', 'agree']);
  });
});
