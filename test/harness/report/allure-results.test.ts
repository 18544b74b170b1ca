import { describe, expect, it } from 'vitest';
import {
  allureHistoryId,
  buildAllureResults,
  type AllureResult,
} from '../../../harness/report/index.ts';
import { requirements } from '../../../spec/requirements/index.ts';
import { mutantColumn, referenceColumn, reportData } from '../../../fixtures/report-fixtures.ts';

function results(data = reportData()) {
  let n = 0;
  const files = buildAllureResults(data, () => `uuid-${++n}`);
  const parsed = files
    .filter((f) => f.name.endsWith('-result.json'))
    .map((f) => JSON.parse(f.content) as AllureResult);
  return { files, parsed };
}

const n = requirements.filter((r) => r.profiles.includes('safespring')).length;
const label = (r: AllureResult, name: string) => r.labels.find((l) => l.name === name)?.value;

describe('buildAllureResults', () => {
  it('writes one result per applicable requirement per column with the labels', () => {
    const { parsed } = results();
    expect(parsed).toHaveLength(2 * n);
    const ct = parsed.find(
      (r) =>
        label(r, 'story') === 'CT-REPLY' &&
        r.parameters.some((p) => p.value === 'mutant:stateless'),
    )!;
    expect(label(ct, 'epic')).toBe('safespring');
    expect(label(ct, 'feature')).toBe('conntrack');
    expect(ct.parameters).toEqual([
      { name: 'driver', value: 'mutant:stateless' },
      { name: 'backend', value: 'netns' },
    ]);
    expect(ct.status).toBe('failed');
    expect(parsed.filter((r) => r.status === 'skipped').map((r) => label(r, 'story'))).toEqual([
      'NET-EXTERNAL',
      'NET-EXTERNAL',
    ]);
    expect(parsed.filter((r) => r.status === 'passed')).toHaveLength(n - 1 + n - 2);
  });

  it('attaches the step table and scenario.json to failures, as files', () => {
    const { files, parsed } = results();
    const failed = parsed.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    const names = new Set(files.map((f) => f.name));
    const attachments = failed[0]!.attachments;
    expect(attachments.map((a) => a.type)).toEqual(['text/plain', 'application/json']);
    for (const a of attachments) expect(names.has(a.source)).toBe(true);
    const table = files.find((f) => f.name === attachments[0]!.source)!.content;
    expect(table).toContain('violated: CT-REPLY');
    expect(table).toContain('replay: netconform replay');
    expect(failed[0]!.steps.some((s) => s.status === 'failed')).toBe(true);
  });

  it('derives ids from requirement + profile + driver + backend, never the seed', () => {
    const a = referenceColumn();
    expect(allureHistoryId('CT-REPLY', a)).toBe(
      allureHistoryId('CT-REPLY', { ...a, seed: 999, runs: 3 }),
    );
    expect(allureHistoryId('CT-REPLY', a)).not.toBe(
      allureHistoryId('CT-REPLY', mutantColumn('reference2')),
    );
    expect(allureHistoryId('CT-REPLY', a)).not.toBe(
      allureHistoryId('CT-REPLY', { ...a, backend: 'docker' }),
    );
    expect(allureHistoryId('CT-REPLY', a)).not.toBe(allureHistoryId('SG-NONE', a));
    const first = results(reportData([a])).parsed;
    const reseeded = results(reportData([{ ...a, seed: 1 }])).parsed;
    expect(reseeded.map((r) => r.historyId)).toEqual(first.map((r) => r.historyId));
    expect(new Set(first.map((r) => r.testCaseId)).size).toBe(first.length);
  });
});
