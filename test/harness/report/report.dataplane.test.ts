/**
 * End to end: real `netconform run`s on the netns dataplane (reference driver, three
 * shards of the same seed, and a mutant), then the reports built from them: JUnit
 * counts, shard merge totals, and the compliance page rendered by headless Chromium.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../harness/process/index.ts';
import { RunResult } from '../../../harness/runner/index.ts';
import { computedStyle, openChromium } from './chromium.ts';
import { findAll, parseXml } from './xml-tree.ts';

const cli = join(import.meta.dirname, '../../../bin/netconform.mjs');
const work = mkdtempSync(join(tmpdir(), 'netconform-report-'));
const SEED = '11';
const RUNS = '6';

async function netconform(...args: string[]): Promise<number> {
  const result = await runCommand([process.execPath, cli, ...args], { timeoutMs: 240_000 });
  if (result.kind !== 'exited') throw new Error(`netconform ${args.join(' ')}: ${result.kind}`);
  if (result.code === 2 || result.code === 70)
    throw new Error(`netconform ${args.join(' ')}: ${result.stderr}`);
  return result.code;
}

const readResult = (dir: string) =>
  RunResult.parse(JSON.parse(readFileSync(join(dir, 'run-result.json'), 'utf8')));
const run = (out: string, ...extra: string[]) =>
  netconform('run', '--seed', SEED, '--runs', RUNS, '--out', join(work, out), ...extra);

describe('reports from real runs', () => {
  beforeAll(async () => {
    expect(await run('whole', '--junit', join(work, 'whole', 'junit.xml'))).toBe(0);
    for (const i of [1, 2, 3]) expect(await run(`shard${i}`, '--shard', `${i}/3`)).toBe(0);
    // stateless drops replies: CT-REPLY is violated; the time limit bounds shrinking.
    const code = await netconform(
      'run',
      '--seed',
      '7',
      '--runs',
      '10',
      '--driver',
      'mutant:stateless',
      '--time-limit',
      '15',
      '--out',
      join(work, 'mutant'),
    );
    expect(code).toBe(1);
  }, 600_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("writes JUnit whose counts match the run's requirements", () => {
    const result = readResult(join(work, 'whole'));
    const root = parseXml(readFileSync(join(work, 'whole', 'junit.xml'), 'utf8'));
    const suites = findAll(root, 'testsuite');
    expect(suites).toHaveLength(1);
    const cases = findAll(suites[0]!, 'testcase');
    const exercised = result.requirements.filter((r) => r.steps > 0 && r.agree > 0);
    const passed = cases.filter((c) => c.children.length === 0);
    expect(passed).toHaveLength(exercised.length);
    expect(findAll(root, 'failure')).toHaveLength(0);
    expect(Number(suites[0]!.attributes.skipped)).toBe(
      cases.length - passed.length - findAll(root, 'error').length,
    );
    expect(Number(root.attributes.tests)).toBe(cases.length);
  });

  it('merges 1/3, 2/3, 3/3 into the totals of the unsharded run', async () => {
    const out = join(work, 'merged');
    expect(
      await netconform(
        'report',
        'merge',
        ...[1, 2, 3].map((i) => join(work, `shard${i}`)),
        '--out',
        out,
      ),
    ).toBe(0);
    const [merged] = JSON.parse(readFileSync(join(out, 'merged-result.json'), 'utf8')) as {
      requirements: Record<
        string,
        { steps: number; agree: number; disagree: number; inconclusive: number }
      >;
      runs: number;
      shards: unknown[];
    }[];
    const whole = readResult(join(work, 'whole'));
    const expected = Object.fromEntries(whole.requirements.map(({ id, ...c }) => [id, c.steps]));
    const actual = Object.fromEntries(
      Object.entries(merged!.requirements).map(([id, c]) => [id, c.steps]),
    );
    expect(actual).toEqual(expected);
    expect(merged!.runs).toBe(Number(RUNS));
    expect(merged!.shards).toHaveLength(3);
    expect(existsSync(join(out, 'compliance.html'))).toBe(true);
    // Different seeds of one column are refused.
    expect(
      await runCommand([
        process.execPath,
        cli,
        'report',
        'merge',
        join(work, 'shard1'),
        join(work, 'mutant'),
        join(work, 'whole'),
      ]),
    ).toMatchObject({ kind: 'exited', code: 2 });
  });

  it('renders a compliance page Chromium shows with summary, matrix and repro', async () => {
    const html = join(work, 'compliance.html');
    expect(
      await netconform(
        'report',
        'compliance',
        '--results',
        join(work, 'whole'),
        '--results',
        join(work, 'mutant'),
        '--out',
        html,
      ),
    ).toBe(0);
    await using browser = await openChromium();
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${html}`);
    const summary = await page.locator('#summary').innerText();
    expect(summary).toMatch(
      /safespring · reference · netns: all compared steps agree; \d+\/\d+ requirements verified/,
    );
    expect(summary).toMatch(/safespring · mutant:stateless · netns: .*\d+ violated/);
    expect(await page.locator('table.matrix thead th').count()).toBe(3);
    expect(await page.locator('table.matrix td.violated').count()).toBeGreaterThan(0);
    const repro = page.locator('#req-CT-REPLY .repro-block');
    expect(await repro.isVisible()).toBe(true);
    expect(await repro.innerText()).toMatch(/\/bin\/netconform\.mjs replay \//); // pasteable
    expect(await repro.innerText()).toMatch(/violates .*CT-REPLY/);
    // The repro is a structured table (from the bundle's steps.json), its disagreeing row highlighted.
    const disagreeing = repro.locator('table.repro tbody tr.disagree');
    expect(await disagreeing.count()).toBeGreaterThanOrEqual(1);
    expect(await disagreeing.first().locator('td').nth(4).innerText()).toBe('disagree');
    expect(await computedStyle(disagreeing.first().locator('td').first(), 'backgroundColor')).toBe(
      'rgb(255, 235, 233)',
    );
    await repro.screenshot({ path: join('reports', 'repro-table-screenshot.png') });
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.screenshot({ path: join('reports', 'compliance-screenshot.png'), fullPage: true });
  });
});
