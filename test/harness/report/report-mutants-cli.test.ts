/**
 * `netconform report compliance|merge` on `mutants` output directories (synthetic
 * results, real CLI): the mutation section is picked up, shards merge, conflicts exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationResult } from '../../../harness/mutation/mutation-result.ts';
import type { AllureResult } from '../../../harness/report/index.ts';
import { netconform } from '../cli/cli-process.ts';
import { caught, missed, mutationResult } from '../../../fixtures/mutation-fixtures.ts';
import { syntheticRunResult } from '../../../fixtures/synthetic-results.ts';
import { findAll, parseXml } from './xml-tree.ts';

const work = mkdtempSync(join(tmpdir(), 'netconform-report-mutants-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Writes a `mutants --out` directory; caught mutants get a run-result.json with a repro bundle. */
async function mutantsDir(name: string, result: MutationResult): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'mutation-result.json'), JSON.stringify(result));
  for (const m of result.mutants.filter((o) => o.caught)) {
    const bundle = join(dir, 'mutants', m.name, 'repros', 'r1');
    await mkdir(bundle, { recursive: true });
    await writeFile(join(bundle, 'steps.txt'), `#  step\n1  probe a -> b (${m.name})\n`);
    await writeFile(join(bundle, 'scenario.json'), '{"profile":"safespring"}');
    const run = {
      ...syntheticRunResult({ runs: 2, driver: m.driver }),
      verdict: 'disagree',
      disagreement: {
        ...{ runIndex: 1, runSeed: 5, foundAfterMs: 10, shrinkMs: 20, shrinkCandidates: 3 },
        ...{ shrinkInterrupted: false, path: '0', originalSteps: 6, shrunkSteps: 3 },
        blame: { violated: m.violated, involved: m.involved, undetermined: false },
        // Written on the CI runner: only the copy next to the results exists here.
        repro: {
          dir: '/ci/out/repros/r1',
          scenarioPath: '/ci/out/repros/r1/scenario.json',
          replayCommand: `netconform replay /ci/out/repros/r1/scenario.json --driver ${m.driver}`,
          steps: 3,
          blame: { violated: m.violated, involved: m.involved, undetermined: false },
        },
      },
    };
    await writeFile(join(dir, 'mutants', m.name, 'run-result.json'), JSON.stringify(run));
  }
  return dir;
}

const allureResults = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as AllureResult);

describe('report commands on mutants results', () => {
  let shard1 = '';
  let shard2 = '';
  beforeAll(async () => {
    shard1 = await mutantsDir(
      'shard1',
      mutationResult([caught('a', 1000), caught('c', 3000), missed('e')], { index: 1, count: 2 }),
    );
    shard2 = await mutantsDir(
      'shard2',
      mutationResult([caught('b', 8000), caught('d', 2000)], { index: 2, count: 2 }),
    );
  });

  it('merges mutants shards: union of mutants, score recomputed, missed mutant exits 1', async () => {
    const out = join(work, 'merged');
    const junit = join(out, 'junit.xml');
    const { code, stdout, stderr } = await netconform([
      ...['report', 'merge', shard2, shard1, '--out', out, '--junit', junit],
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain('mutants · safespring · netns: 4/5 caught');
    const html = readFileSync(join(out, 'compliance.html'), 'utf8');
    expect(html).toContain('Mutation score: 4/5 mutants caught (80.0 %)');
    expect(html).toContain('mutant shards 1/2, 2/2');
    expect(html).toContain('1  probe a -&gt; b (d)'); // shard 2's repro table, found by its new path
    const cases = findAll(parseXml(readFileSync(junit, 'utf8')), 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(cases.filter((c) => findAll(c, 'failure').length > 0)).toHaveLength(1);
    const results = allureResults(join(out, 'allure-results'));
    expect(results.map((r) => r.status).sort()).toEqual([
      'failed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
  });

  it('refuses a missing shard (exit 2) unless --allow-partial, which flags it', async () => {
    const refused = await netconform([
      ...['report', 'merge', shard2, '--out', join(work, 'refused')],
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('incomplete results: mutants: shard 1 of 2 missing');
    const { code, stderr } = await netconform([
      ...['report', 'merge', shard2, '--allow-partial', '--out', join(work, 'partial')],
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('warning: mutants: shard 1 of 2 missing');
    const html = readFileSync(join(work, 'partial', 'compliance.html'), 'utf8');
    expect(html).toContain('Incomplete: mutant shard 1 missing');
  });

  it('refuses shards of different runs with exit 2', async () => {
    const other = await mutantsDir('seed9', mutationResult([], { index: 2, count: 2 }, 9));
    const { code, stderr } = await netconform([
      ...['report', 'merge', shard1, other, '--out', join(work, 'bad')],
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot merge: mutation results come from different runs/);
  });

  it('report compliance --results picks up mutation-result.json beside run results', async () => {
    const run = join(work, 'run');
    await mkdir(run, { recursive: true });
    await writeFile(join(run, 'run-result.json'), JSON.stringify(syntheticRunResult({ runs: 4 })));
    const html = join(work, 'page.html');
    const { code } = await netconform([
      ...['report', 'compliance', '--results', run, '--results', shard1, '--out', html],
    ]);
    expect(code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('id="matrix"');
    expect(page).toContain('Mutation score: 2/3 mutants caught');
    const empty = join(work, 'empty');
    await mkdir(empty, { recursive: true });
    const bad = await netconform(['report', 'compliance', '--results', empty, '--out', html]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('holds neither run-result.json nor mutation-result.json');
  });
});
