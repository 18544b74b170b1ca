/**
 * A bundle written by the real bundle writer is read back by the report as structured
 * rows: the HTML table highlights the disagreeing step, and steps.txt, HTML and the
 * JUnit/Allure text table show the same cells (one row builder).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReportData,
  loadRunResult,
  renderComplianceHtml,
} from '../../../harness/report/index.ts';
import { reproTextTable } from '../../../harness/report/text-table.ts';
import { parseReproSteps, writeReproBundle } from '../../../harness/repro/index.ts';
import { oneSite, probe, resolve } from '../../spec/fixtures.ts';
import { syntheticRunResult, violatingStep } from '../../../fixtures/synthetic-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'netconform-bundle-table-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('repro step table from a written bundle', () => {
  it('renders steps.json as a table with the disagreeing row highlighted', async () => {
    const scenario = resolve(
      oneSite('safespring', { instances: [{ name: 'a', network: 'pub', host: 'h1' }] }, [
        probe('ext', 'a', 'tcp', 22),
        probe('ext', 'a', 'tcp', 23),
      ]),
    );
    const steps = [
      {
        ...violatingStep(0, ['SG-NONE']),
        verdict: 'agree' as const,
        oracle: { verdict: 'agree' as const },
      },
      violatingStep(1, ['SG-NONE']),
    ];
    const bundle = await writeReproBundle({
      outDir: dir,
      id: 'r1',
      scenario,
      steps,
      snapshot: null,
      meta: {
        seed: 1,
        runIndex: 0,
        runSeed: 1,
        fastCheckPath: '0',
        profile: 'safespring',
        driver: 'mutant:stateless',
        backend: 'netns',
        probeTimeoutMs: 200,
        failingStep: 1,
        blame: { violated: ['SG-NONE'], involved: [], undetermined: false },
        originalSteps: 2,
        shrinkInterrupted: false,
      },
    });
    const parsed = parseReproSteps(readFileSync(join(bundle.dir, 'steps.json'), 'utf8'));
    expect(parsed.ok && parsed.steps).toEqual(steps);

    const result = {
      ...syntheticRunResult({ runs: 2, driver: 'mutant:stateless' }),
      verdict: 'disagree',
      disagreement: {
        runIndex: 0,
        runSeed: 1,
        foundAfterMs: 1,
        shrinkMs: 1,
        shrinkCandidates: 1,
        shrinkInterrupted: false,
        path: '0',
        originalSteps: 2,
        shrunkSteps: 2,
        blame: { violated: ['SG-NONE'], involved: [], undetermined: false },
        repro: {
          ...bundle,
          steps: 2,
          blame: { violated: ['SG-NONE'], involved: [], undetermined: false },
        },
      },
    };
    await writeFile(join(dir, 'run-result.json'), JSON.stringify(result));
    const loaded = await loadRunResult(dir);
    if (loaded.kind !== 'loaded') throw new Error(loaded.message);
    const repro = loaded.value.repros[0]!;
    expect(repro.rows.map((r) => r.verdict)).toEqual(['agree', 'disagree']);

    const html = renderComplianceHtml(buildReportData({ columns: [loaded.value] }));
    const table = /<table class="repro">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table).toContain('<th>observed (dataplane)</th>');
    const highlighted = [...table.matchAll(/<tr class="disagree">(.*?)<\/tr>/g)].map((m) => m[1]);
    expect(highlighted).toHaveLength(1);
    expect(highlighted[0]).toMatch(/^<td>2<\/td><td class="mono">probe a -&gt; b tcp\/22<\/td>/);

    // steps.txt and the JUnit/Allure text table: the same header and rows.
    const text = readFileSync(join(bundle.dir, 'steps.txt'), 'utf8');
    expect(text).toContain(reproTextTable(repro));
  });
});
