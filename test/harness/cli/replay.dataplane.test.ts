import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NETCONFORM_BIN, ReproMeta } from '../../../harness/repro/index.ts';
import { RunResult } from '../../../harness/runner/index.ts';
import { evaluateScenario, parseScenario } from '../../../spec/index.ts';
import { netconform, type CliResult } from './cli-process.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** `sh SCRIPT ...args` from `/`, with a PATH that has no `netconform` on it. */
function shFromRoot(script: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [script, ...args], {
      cwd: '/',
      env: { ...process.env, PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('netconform run + replay (netns, planted bug)', () => {
  it('catches mutant:no-masquerade in a pruned repro whose replay.sh, run from /, reproduces it 3/3', async () => {
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
      '--shrink-time',
      '15',
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
    // The printed command names this installation's program, not a bare `netconform`.
    expect(repro!.replayCommand.startsWith(`${NETCONFORM_BIN} replay ${repro!.dir}/`)).toBe(true);

    // The written repro has no no-op steps and no topology its steps do not need.
    const parsed = parseScenario(JSON.parse(await readFile(repro!.scenarioPath, 'utf8')));
    expect(parsed.ok).toBe(true);
    const scenario = parsed.ok ? parsed.scenario : null;
    const noops = evaluateScenario(scenario!).results.filter((r) => r.expectation.kind === 'noop');
    expect(noops).toEqual([]);
    const named = JSON.stringify(scenario!.steps);
    for (const entity of [...scenario!.topology.instances, ...scenario!.topology.externals]) {
      expect(named).toContain(`"${entity.name}"`);
    }
    const meta = ReproMeta.parse(JSON.parse(await readFile(join(repro!.dir, 'meta.json'), 'utf8')));
    expect(meta.replayCommand).toBe(repro!.replayCommand);

    const script = await shFromRoot(join(repro!.dir, 'replay.sh'), ['--repeat', '3']);
    expect(script.stderr).not.toContain('not found');
    expect(script.stdout).toContain('reproduced 3/3');
    expect(script.code).toBe(1);

    // Without --driver, replay uses the driver the bundle's meta.json recorded.
    const recorded = await netconform(['replay', repro!.scenarioPath]);
    expect(recorded.stderr).toContain('with driver mutant:no-masquerade, backend netns');
    expect(recorded.stdout).toContain('reproduced 1/1');
    expect(recorded.code).toBe(1);

    // An explicit --driver wins, with a notice: the same repro against the reference passes.
    const fixed = await netconform(['replay', repro!.scenarioPath, '--driver', 'reference']);
    expect(fixed.stderr).toContain("--driver reference overrides the repro's mutant:no-masquerade");
    expect(fixed.stdout).toContain('reproduced 0/1');
    expect(fixed.code).toBe(0);
  });
});
