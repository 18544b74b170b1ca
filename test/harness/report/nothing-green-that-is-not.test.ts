/**
 * Nothing green that is not: a run that stopped on a driver error is red in the HTML
 * headline with its message, a JUnit `<error>` and an Allure `broken` result; a run that
 * left requirements unexercised is not green and names them; JUnit times are real.
 */
import { describe, expect, it } from 'vitest';
import {
  buildAllureResults,
  columnFromRunResult,
  renderComplianceHtml,
  renderJunitXml,
  type AllureResult,
  type ColumnResult,
} from '../../../harness/report/index.ts';
import { RunResult } from '../../../harness/runner/index.ts';
import { reportData } from '../../../fixtures/report-fixtures.ts';
import { syntheticRunResult } from '../../../fixtures/synthetic-results.ts';
import { findAll, parseXml } from './xml-tree.ts';

const message =
  'driver exec:./agent.sh failed at generation 0: `./agent.sh apply /tmp/s.json` exited with code 3 <b>';

/** A run that stopped on a driver error while building its first scenario. */
function driverErrorColumn(): ColumnResult {
  const base = syntheticRunResult({ runs: 5, driver: 'exec:./agent.sh' });
  const result = RunResult.parse({
    ...base,
    verdict: 'driver-error',
    stoppedBy: 'driver-error',
    runs: [],
    requirements: [],
    totals: { ...base.totals, runsExecuted: 0, steps: 0, trafficSteps: 0, agree: 0 },
    driverError: { runIndex: 0, step: null, message, stderr: 'agent: host h0 unreachable' },
  });
  return columnFromRunResult(result, []);
}

/** A clean run: verdict agree, every step agreed (one requirement never exercised). */
function agreeColumn(): ColumnResult {
  const base = syntheticRunResult({ runs: 3 });
  return columnFromRunResult({ ...base, verdict: 'agree' }, []);
}

const summaryOf = (html: string) =>
  html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>'));

describe('a run that stopped on a driver error', () => {
  const data = reportData([driverErrorColumn()]);

  it('has a red HTML headline with the message, escaped', () => {
    const summary = summaryOf(renderComplianceHtml(data));
    expect(summary).toMatch(/<p class="summary bad">[^<]*driver error, the run stopped; 0\/\d+/);
    expect(summary).not.toContain('summary ok');
    expect(summary).toContain('run 0 at the initial state');
    expect(summary).toContain('exited with code 3 &lt;b&gt;');
    expect(summary).toContain('agent: host h0 unreachable');
  });

  it('is a JUnit <error> with the message', () => {
    const root = parseXml(renderJunitXml(data));
    expect(Number(root.attributes.errors)).toBe(1);
    const error = findAll(root, 'error')[0]!;
    expect(error.attributes.message).toBe(message);
    expect(error.text).toContain('agent: host h0 unreachable');
  });

  it('is an Allure broken result with the message', () => {
    const parsed = buildAllureResults(data, () => 'u')
      .filter((f) => f.name.endsWith('-result.json'))
      .map((f) => JSON.parse(f.content) as AllureResult);
    const broken = parsed.filter((r) => r.status === 'broken');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.statusDetails.message).toBe(message);
    expect(parsed.filter((r) => r.status === 'skipped').length).toBe(parsed.length - 1);
  });
});

describe('a run that agrees', () => {
  it('is green only when every applicable requirement was verified', () => {
    const column = agreeColumn();
    const partial = summaryOf(renderComplianceHtml(reportData([column])));
    expect(partial).toMatch(/<p class="summary warn">[^<]*1 not exercised \(NET-EXTERNAL\)/);
    const ext = { steps: 1, agree: 1, disagree: 0, involved: 0, inconclusive: 0, elapsedMs: 5 };
    const complete = { ...column, requirements: { ...column.requirements, 'NET-EXTERNAL': ext } };
    expect(summaryOf(renderComplianceHtml(reportData([complete])))).toContain(
      '<p class="summary ok">safespring · reference · netns: all compared steps agree;',
    );
    const missingShard = { ...complete, missingShards: [2] };
    expect(summaryOf(renderComplianceHtml(reportData([missingShard])))).toMatch(
      /<p class="summary warn">[^<]*incomplete: shard 2/,
    );
  });

  it('gives JUnit testcases the time their steps took', () => {
    const root = parseXml(renderJunitXml(reportData([agreeColumn()])));
    const passed = findAll(root, 'testcase').filter((c) => c.children.length === 0);
    expect(passed.length).toBeGreaterThan(0);
    for (const c of passed) expect(Number(c.attributes.time)).toBeGreaterThan(0);
  });
});
