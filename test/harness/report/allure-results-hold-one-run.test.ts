/**
 * A run's `allure-results/` holds only that run: writing a second run's reports into
 * the same directory removes the first run's netconform results and attachments (so an
 * old mutant run's failures are not shown as current), and keeps other tools' results.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticRunResult, violatingStep } from '../../../fixtures/synthetic-results.ts';
import { writeRunReports, type AllureResult } from '../../../harness/report/index.ts';
import type { RunResult } from '../../../harness/runner/index.ts';

const out = mkdtempSync(join(tmpdir(), 'netconform-allure-one-run-'));
const allureDir = join(out, 'allure-results');
afterAll(() => rm(out, { recursive: true, force: true }));

/** A mutant run whose CT-REPLY step disagreed (no bundle: the table is the failing run). */
function mutantRun(): RunResult {
  const base = syntheticRunResult({ runs: 4, driver: 'mutant:stateless' });
  const runs = base.runs.map((r, i) =>
    i === 0 ? { ...r, verdict: 'disagree' as const, steps: [violatingStep(0, ['CT-REPLY'])] } : r,
  );
  const requirements = base.requirements.map((t) =>
    t.id === 'CT-REPLY' ? { ...t, steps: t.steps + 1, disagree: 1 } : t,
  );
  const disagreement = {
    runIndex: 0,
    runSeed: 0,
    foundAfterMs: 1,
    shrinkMs: 0,
    shrinkCandidates: 0,
    shrinkInterrupted: false,
    path: null,
    originalSteps: 1,
    shrunkSteps: 1,
    blame: { violated: ['CT-REPLY' as const], involved: [], undetermined: false },
    repro: null,
  };
  return { ...base, verdict: 'disagree', runs, requirements, disagreement };
}

async function writeRun(result: RunResult): Promise<void> {
  await writeFile(join(out, 'run-result.json'), JSON.stringify(result));
  await writeRunReports(result, { outDir: out });
}

async function results(): Promise<AllureResult[]> {
  const names = (await readdir(allureDir)).filter((n) => n.endsWith('-result.json'));
  return Promise.all(
    names.map(async (n) => JSON.parse(await readFile(join(allureDir, n), 'utf8')) as AllureResult),
  );
}

describe('writeRunReports into an existing allure-results directory', () => {
  it("replaces the earlier run's results and keeps other tools' results", async () => {
    await mkdir(allureDir, { recursive: true });
    const foreign = { uuid: 'v', labels: [{ name: 'framework', value: 'vitest' }] };
    await writeFile(join(allureDir, 'vitest-1-result.json'), JSON.stringify(foreign));

    await writeRun(mutantRun());
    const first = await results();
    expect(first.filter((r) => r.status === 'failed').length).toBeGreaterThan(0);
    const attachments = (await readdir(allureDir)).filter((n) => n.includes('-attachment'));
    expect(attachments.length).toBeGreaterThan(0);

    const reference = syntheticRunResult({ runs: 4 });
    await writeRun(reference);
    const second = await results();
    const ours = second.filter((r) => r.labels.some((l) => l.value === 'netconform'));
    expect(ours.length).toBe(first.length - 1);
    expect(ours.every((r) => r.parameters.some((p) => p.value === 'reference'))).toBe(true);
    expect(ours.filter((r) => r.status === 'failed')).toEqual([]);
    const left = await readdir(allureDir);
    expect(left).toContain('vitest-1-result.json');
    for (const a of attachments) expect(left).not.toContain(a);
  });
});
