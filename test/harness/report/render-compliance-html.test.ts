import { describe, expect, it } from 'vitest';
import {
  mergeMutationResults,
  renderComplianceHtml,
  summaryLine,
} from '../../../harness/report/index.ts';
import { caught, loaded, missed, mutationResult } from '../../../fixtures/mutation-fixtures.ts';
import { requirements } from '../../../spec/requirements/index.ts';
import { mutantColumn, referenceColumn, reportData } from '../../../fixtures/report-fixtures.ts';

/** Values of every `src=` and `href=` attribute (no regex: scan for the attribute names). */
function urlAttributes(html: string): string[] {
  const values: string[] = [];
  for (const attr of [' src=', ' href=', ' action=', ' srcset=']) {
    let at = html.indexOf(attr);
    while (at >= 0) {
      const start = at + attr.length;
      const quote = html[start]!;
      values.push(html.slice(start + 1, html.indexOf(quote, start + 1)));
      at = html.indexOf(attr, start);
    }
  }
  return values;
}

const n = requirements.filter((r) => r.profiles.includes('safespring')).length;

describe('renderComplianceHtml', () => {
  const html = renderComplianceHtml(reportData());

  it('starts with one summary line per column', () => {
    // The synthetic reference run has failed probes in run 3: its verdict is inconclusive.
    expect(summaryLine(requirements, referenceColumn())).toBe(
      `safespring · reference · netns: inconclusive (only failed probes, no verdict); ${n - 1}/${n} requirements verified, 1 not exercised (NET-EXTERNAL)`,
    );
    expect(summaryLine(requirements, mutantColumn())).toBe(
      `safespring · mutant:stateless · netns: confirmed disagreement; ${n - 2}/${n} requirements verified, 1 violated, 1 not exercised (NET-EXTERNAL)`,
    );
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>'));
    expect(summary).toContain(
      `<p class="summary bad">safespring · mutant:stateless · netns: confirmed disagreement; ${n - 2}/${n} requirements verified, 1 violated`,
    );
    expect(summary).toContain('<p class="summary warn">safespring · reference · netns:');
  });

  it('has a matrix row per requirement and a cell per column', () => {
    const matrix = html.slice(
      html.indexOf('<table class="matrix">'),
      html.indexOf('</table>', html.indexOf('<table class="matrix">')),
    );
    const rows = matrix.split('<tr>').length - 2; // minus the text before and the header row
    expect(rows).toBe(requirements.length);
    expect(matrix.split('class="cell violated"').length - 1).toBe(1);
    expect(matrix.split('class="cell not-exercised"').length - 1).toBe(2);
    // cloudstack-only requirements are not applicable to safespring columns
    const csOnly = requirements.filter((r) => !r.profiles.includes('safespring')).length;
    expect(matrix.split('class="cell not-applicable"').length - 1).toBe(2 * csOnly);
    expect(matrix).toMatch(/verified \(\d+ steps, 0 disagreements\)/);
  });

  it("shows the violated requirement's repro table and replay command, opened", () => {
    const detail = html.slice(html.indexOf('<details id="req-CT-REPLY" open>'));
    expect(detail.length).toBeLessThan(html.length);
    const block = detail.slice(0, detail.indexOf('</details>'));
    expect(block).toContain('<table class="repro">');
    expect(block).toContain('<td>blocked</td><td>delivered</td><td>disagree</td>');
    expect(block).toContain(
      'netconform replay reports/run/repros/r1/scenario.json --driver mutant:stateless',
    );
    expect(html).not.toContain('<details id="req-SG-MATCH" open>');
  });

  it('escapes all text', () => {
    const hostile = reportData([
      { ...referenceColumn(), driver: '"><img src=x onerror=alert(1)>' },
      mutantColumn(),
    ]);
    const out = renderComplianceHtml(hostile);
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('f&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is self-contained: no scripts, no external URLs, inline CSS only', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<link');
    expect(html).not.toContain('@import');
    expect(html).toContain('<style>');
    const urls = urlAttributes(html);
    expect(urls.length).toBeGreaterThan(0); // the matrix links to the details
    for (const url of urls) expect(url.startsWith('#'), url).toBe(true);
  });

  it('shows the mutation score, a row per mutant and the repro of each caught one', () => {
    const merged = mergeMutationResults([
      loaded(mutationResult([caught('stateless', 1500, 2), missed('egress-return')])),
    ]);
    if (merged.kind !== 'merged') throw new Error(merged.message);
    const out = renderComplianceHtml({ ...reportData(), mutation: merged.view });
    const section = out.slice(out.indexOf('<h2 id="mutation">'), out.indexOf('<h2 id="metadata">'));
    expect(section).toContain('Mutation score: 1/2 mutants caught (50.0 %)');
    expect(section).toContain(
      'Time to catch: median 1.5 s, worst 1.5 s · median time to shrink 3.0 s',
    );
    expect(section).toContain('safespring · netns · seed 1 · budget 20 runs per mutant');
    const rows = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>')).split('\n');
    expect(rows.filter((r) => r.startsWith('<tr>'))).toHaveLength(2);
    const stateless = rows.find((r) => r.includes('<code>stateless</code>'))!;
    expect(stateless).toContain('agents that &lt;b&gt;stateless&lt;/b&gt;'); // origin, escaped
    expect(stateless).toContain(
      '<td class="cell verified">caught</td><td>2</td><td>1.5 s</td><td>3.0 s</td><td>3</td>',
    );
    expect(stateless).toContain(
      '<a href="#mutant-stateless"><code>out/mutants/stateless/repros/r1/scenario.json</code></a>',
    );
    const egress = rows.find((r) => r.includes('<code>egress-return</code>'))!;
    expect(egress).toContain('<td class="cell violated">missed</td><td>— (20 runs)</td>');
    // The caught mutant's repro: its step table and replay command.
    const details = section.slice(section.indexOf('<details id="mutant-stateless">'));
    expect(details).toContain('<tr class="disagree">');
    expect(details).toContain('netconform replay reports/run/repros/r1/scenario.json');
    expect(section).not.toContain('id="mutant-egress-return"');
  });

  it('renders a mutants-only report without the empty requirement sections', () => {
    const merged = mergeMutationResults([loaded(mutationResult([caught('a', 10)]))]);
    if (merged.kind !== 'merged') throw new Error(merged.message);
    const out = renderComplianceHtml({ ...reportData([]), mutation: merged.view });
    expect(out).toContain('<title>netconform compliance: mutants · safespring · netns</title>');
    expect(out).toContain('Mutation score: 1/1 mutants caught');
    expect(out).not.toContain('id="matrix"');
    expect(out).not.toContain('No run results');
    for (const url of urlAttributes(out)) expect(url.startsWith('#'), url).toBe(true);
  });

  it('shows run metadata and no mutation section without mutation results', () => {
    expect(html).not.toContain('Mutation score');
    expect(html).toContain('<dt>kernel (uname -r)</dt><dd>6.1.0-test</dd>');
    expect(html).toContain('<td>42</td><td>20</td>'); // seed, runs
  });
});
