/**
 * A real run that stopped on a driver error (exit 4), its reports looked at as a user
 * would: the HTML headline is red with the driver's message (Chromium, screenshot in
 * reports/), JUnit carries an `<error>` and Allure a `broken` result with it. `n/a`
 * cells are readable and printed `<pre>` blocks wrap.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllureResult } from '../../../harness/report/index.ts';
import { netconform } from '../cli/cli-process.ts';
import { computedStyle, openChromium } from './chromium.ts';
import { findAll, parseXml } from './xml-tree.ts';

const work = mkdtempSync(join(tmpdir(), 'netconform-driver-error-report-'));
const out = join(work, 'out');
// A long unbroken line: printed, it must wrap rather than be cut off at the page edge.
const agentLine = `agent: cannot program host h0: ${'x'.repeat(300)}`;

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string): number => {
    const [r = 0, g = 0, bl = 0] = (colour.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

beforeAll(async () => {
  const agent = join(work, 'failing-agent.sh');
  writeFileSync(agent, `#!/bin/sh\necho "${agentLine}" >&2\nexit 3\n`);
  chmodSync(agent, 0o755);
  const failed = await netconform([
    ...['run', '--driver', `exec:${agent}`, '--runs', '3', '--seed', '1'],
    ...['--out', out, '--junit', join(out, 'junit.xml')],
  ]);
  expect(failed.code, failed.stderr).toBe(4);
}, 300_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('the report of a run that stopped on a driver error', () => {
  it('is red with the message in HTML, readable and printable', async () => {
    await using browser = await openChromium();
    const page = await browser.newPage();
    await page.goto(`file://${join(out, 'compliance.html')}`);
    const headline = page.locator('#summary p.summary');
    expect(await headline.getAttribute('class')).toBe('summary bad');
    expect(await headline.innerText()).toMatch(/driver error, the run stopped/);
    expect(await computedStyle(headline, 'color')).toBe('rgb(207, 34, 46)');
    expect(await page.locator('#summary .driver-error').innerText()).toContain(agentLine);
    expect(await page.locator('p.summary.ok').count()).toBe(0);

    // n/a cells (cloudstack-only requirements in a safespring column) are readable.
    const na = page.locator('td.cell.not-applicable').first();
    expect(contrast(await computedStyle(na, 'color'), 'rgb(255, 255, 255)')).toBeGreaterThan(4.5);
    await page.screenshot({ path: join('reports', 'driver-error-report.png'), fullPage: true });

    // Printed, no <pre> is wider than its box (long lines wrap).
    await page.setViewportSize({ width: 700, height: 900 });
    await page.emulateMedia({ media: 'print' });
    const clipped = await page.evaluate(
      `[...document.querySelectorAll('pre')].filter((p) => p.scrollWidth > p.clientWidth + 1).length`,
    );
    expect(clipped).toBe(0);
  });

  it('is a JUnit <error> and an Allure broken result carrying the message', () => {
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(Number(junit.attributes.errors)).toBeGreaterThanOrEqual(1);
    const error = findAll(junit, 'error')[0];
    expect(error?.attributes.message).toMatch(/exited with code 3/);
    expect(`${error?.attributes.message} ${error?.text}`).toContain(agentLine);

    const allure = join(out, 'allure-results');
    const results = readdirSync(allure)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(allure, f), 'utf8')) as AllureResult);
    const broken = results.filter((r) => r.status === 'broken');
    expect(broken).toHaveLength(1);
    expect(broken[0]?.statusDetails.message).toMatch(/exited with code 3/);
  });
});
