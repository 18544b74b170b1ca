/**
 * End to end: `netconform run --driver exec:...` on generated scenarios. The example
 * shell driver agrees with the model on every compared step; the copy with its
 * established/related accept removed is caught and shrunk to a small repro.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../../harness/dataplane/exit-codes.ts';
import { RunResult } from '../../../../harness/runner/index.ts';
import { netconform } from '../../../harness/cli/cli-process.ts';

const out = mkdtempSync(join(tmpdir(), 'netconform-exec-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function result(dir: string): RunResult {
  return RunResult.parse(JSON.parse(readFileSync(join(dir, 'run-result.json'), 'utf8')));
}

describe('run with an external driver', () => {
  it('the example nft driver passes 20 generated scenarios with 0 disagreements', async () => {
    const dir = join(out, 'example');
    const run = await netconform([
      'run',
      '--driver',
      'exec:examples/drivers/nft-safespring.sh',
      '--runs',
      '20',
      '--seed',
      '3',
      '--out',
      dir,
    ]);
    expect(run.code, run.stderr).toBe(ExitCode.ok);
    const summary = result(dir);
    expect(summary.runs).toHaveLength(20);
    const verdicts = summary.runs.flatMap((r) => r.steps.map((s) => s.verdict));
    expect(verdicts).not.toContain('disagree');
    expect(verdicts).not.toContain('inconclusive');
    expect(verdicts.filter((v) => v === 'agree').length).toBeGreaterThan(20);
  });

  it('the broken copy (no established accept) is caught with a repro of at most 6 steps', async () => {
    const dir = join(out, 'broken');
    const run = await netconform([
      'run',
      '--driver',
      'exec:examples/drivers/broken-stateless.sh',
      '--runs',
      '50',
      '--seed',
      '3',
      '--out',
      dir,
    ]);
    expect(run.code, run.stderr).toBe(ExitCode.disagreement);
    const repro = result(dir).disagreement?.repro;
    expect(repro?.steps).toBeGreaterThan(0);
    expect(repro?.steps).toBeLessThanOrEqual(6);
    expect(repro?.blame.violated).toContain('CT-REPLY');
  });
});
