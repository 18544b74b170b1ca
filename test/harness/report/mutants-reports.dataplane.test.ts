/**
 * End to end: a real `netconform mutants` on the netns dataplane writes the reports
 * `run` writes: compliance.html with the mutation section, JUnit (one testcase per
 * mutant) and one Allure result per mutant, all matching its mutation-result.json.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MutationResult } from '../../../harness/mutation/mutation-result.ts';
import { mutantHistoryId, type AllureResult } from '../../../harness/report/index.ts';
import { netconform } from '../cli/cli-process.ts';
import { findAll, parseXml } from './xml-tree.ts';

const out = mkdtempSync(join(tmpdir(), 'netconform-mutants-reports-'));
const junit = join(out, 'junit.xml');
const names = ['egress-return', 'icmp-always'];
let result: MutationResult;

describe('netconform mutants reports', () => {
  beforeAll(async () => {
    const run = await netconform([
      ...['mutants', '--only', names.join(','), '--budget', '20', '--seed', '1'],
      // The reports are checked here, not how small shrinking gets (mutants-caught does that).
      ...['--shrink-time', '2', '--out', out, '--junit', junit],
    ]);
    expect(run.stderr).not.toMatch(/DRIVER ERROR/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`compliance report: ${join(out, 'compliance.html')}`);
    result = MutationResult.parse(
      JSON.parse(readFileSync(join(out, 'mutation-result.json'), 'utf8')),
    );
  }, 600_000);

  afterAll(() => rm(out, { recursive: true, force: true }));

  it('writes compliance.html with both mutants caught and their repros', () => {
    expect(result.mutants.map((m) => [m.name, m.status])).toEqual(names.map((n) => [n, 'caught']));
    const html = readFileSync(join(out, 'compliance.html'), 'utf8');
    expect(html).toContain('Mutation score: 2/2 mutants caught (100.0 %)');
    for (const m of result.mutants) {
      const row = html.split('\n').find((l) => l.startsWith(`<tr><td><code>${m.name}</code>`))!;
      expect(row).toContain(`<td class="cell verified">caught</td><td>${m.runsUntilCaught}</td>`);
      expect(row).toContain(m.reproPath!);
      // The repro's step table (the bundle's steps.json under mutants/<name>/) and replay.
      const details = html.slice(html.indexOf(`<details id="mutant-${m.name}">`));
      const block = details.slice(0, details.indexOf('</details>'));
      expect(block).toMatch(/<tr class="disagree"><td>\d+<\/td>.*<td>disagree<\/td>/);
      expect(block).toMatch(/<pre>\/\S+\/bin\/netconform\.mjs replay /); // pasteable: absolute
      expect(block).toContain(`replay ${m.reproPath} --driver mutant:${m.name}`);
    }
  });

  it('writes JUnit with one passing testcase per mutant', () => {
    const root = parseXml(readFileSync(junit, 'utf8'));
    const cases = findAll(root, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(names);
    expect(root.attributes).toMatchObject({ tests: '2', failures: '0', errors: '0' });
  });

  it('writes one Allure result per mutant with epic, feature, story and requirement tags', () => {
    const dir = join(out, 'allure-results');
    const results = readdirSync(dir)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as AllureResult);
    expect(results).toHaveLength(2);
    for (const m of result.mutants) {
      const r = results.find((x) =>
        x.labels.some((l) => l.name === 'story' && l.value === m.name),
      )!;
      const values = (name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);
      expect(r.status).toBe('passed');
      expect(values('epic')).toEqual(['safespring']);
      expect(values('feature')).toEqual(['mutants']);
      expect(values('tag')).toEqual(expect.arrayContaining(m.violated));
      expect(r.historyId).toBe(mutantHistoryId(m.name, 'safespring', 'netns'));
      const attached = r.attachments.map((a) => a.name);
      expect(attached).toEqual(['repro: step table', 'repro: scenario.json']);
      for (const a of r.attachments) expect(readdirSync(dir)).toContain(a.source);
    }
  });
});
