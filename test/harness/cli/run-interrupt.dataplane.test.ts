import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReproMeta } from '../../../harness/repro/index.ts';
import { RunResult } from '../../../harness/runner/index.ts';
import { parseScenario } from '../../../spec/index.ts';
import { repoRoot } from './cli-process.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Starts `netconform run`, sends `signal` once shrinking has begun, resolves on exit. */
function interruptWhileShrinking(
  args: readonly string[],
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string; signalledAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [`${repoRoot}bin/netconform.mjs`, ...args]);
    let stdout = '';
    let stderr = '';
    let signalledAt: number | null = null;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (signalledAt === null && stderr.includes('shrinking')) {
        signalledAt = performance.now();
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        signalledAfterMs: signalledAt === null ? -1 : performance.now() - signalledAt,
      }),
    );
  });
}

describe('Ctrl-C while shrinking (netns, planted bug)', () => {
  it('SIGINT keeps the confirmed disagreement: repro, run result and reports written, exit 130', async () => {
    const out = await mkdtemp(join(tmpdir(), 'netconform-interrupt-'));
    dirs.push(out);
    const run = await interruptWhileShrinking(
      [
        'run',
        '--driver',
        'mutant:no-masquerade',
        '--seed',
        '1',
        '--runs',
        '100',
        '--time-limit',
        '200',
        '--out',
        out,
      ],
      'SIGINT',
    );
    expect(run.stderr).toContain('SIGINT while shrinking: keeping the smallest repro so far');
    expect(run.code).toBe(130);
    // One candidate finishes, then everything is written: well under the 15 s teardown limit.
    expect(run.signalledAfterMs).toBeGreaterThan(0);
    expect(run.signalledAfterMs).toBeLessThan(60_000);

    const result = RunResult.parse(
      JSON.parse(await readFile(join(out, 'run-result.json'), 'utf8')),
    );
    const d = result.disagreement!;
    expect(d.shrinkInterrupted).toBe(true);
    // Interrupted: no follow-up probes run, so the blame may stay undetermined, naming
    // NET-NAT-OUT among the candidates one observation cannot separate.
    expect([...d.blame.violated, ...(d.blame.candidates ?? [])]).toContain('NET-NAT-OUT');
    const meta = ReproMeta.parse(
      JSON.parse(await readFile(join(d.repro!.dir, 'meta.json'), 'utf8')),
    );
    expect(meta.shrinkInterrupted).toBe(true);
    expect(parseScenario(JSON.parse(await readFile(d.repro!.scenarioPath, 'utf8'))).ok).toBe(true);
    expect((await stat(join(out, 'compliance.html'))).size).toBeGreaterThan(0);
    expect(run.stdout).toContain(`repro: ${d.repro!.dir}`);
  });
});
