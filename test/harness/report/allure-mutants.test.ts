import { describe, expect, it } from 'vitest';
import {
  buildAllureResults,
  mergeMutationResults,
  mutantHistoryId,
  type AllureResult,
} from '../../../harness/report/index.ts';
import {
  caught,
  driverError,
  loaded,
  missed,
  mutationResult,
} from '../../../fixtures/mutation-fixtures.ts';
import { reportData } from '../../../fixtures/report-fixtures.ts';

function results(seed = 1) {
  const merged = mergeMutationResults([
    loaded(
      mutationResult(
        [caught('a', 10, 1, ['CT-REPLY', 'SG-MATCH']), missed('b'), driverError('c')],
        undefined,
        seed,
      ),
    ),
  ]);
  if (merged.kind !== 'merged') throw new Error(merged.message);
  let n = 0;
  const files = buildAllureResults({ ...reportData([]), mutation: merged.view }, () => `u${++n}`);
  const parsed = files
    .filter((f) => f.name.endsWith('-result.json'))
    .map((f) => JSON.parse(f.content) as AllureResult);
  return { files, parsed };
}

const labels = (r: AllureResult, name: string) =>
  r.labels.filter((l) => l.name === name).map((l) => l.value);

describe('mutant Allure results', () => {
  it('writes one result per mutant with epic, feature, story and requirement tags', () => {
    const { parsed } = results();
    expect(parsed.map((r) => labels(r, 'story')[0])).toEqual(['a', 'b', 'c']);
    expect(parsed.map((r) => r.status)).toEqual(['passed', 'failed', 'broken']);
    const [a, b] = parsed;
    expect(labels(a!, 'epic')).toEqual(['safespring']);
    expect(labels(a!, 'feature')).toEqual(['mutants']);
    expect(labels(a!, 'tag')).toEqual(['seed-1', 'CT-REPLY', 'SG-MATCH']);
    expect(labels(a!, 'requirement')).toEqual(['CT-REPLY', 'SG-MATCH']);
    expect(a!.description).toContain('agents that <b>a</b>');
    expect(b!.statusDetails.message).toMatch(/missed: no confirmed disagreement in 20 runs/);
  });

  it('attaches the caught mutant’s step table and scenario.json', () => {
    const { files, parsed } = results();
    const [a, b] = parsed;
    expect(a!.attachments.map((x) => x.name)).toEqual([
      'repro: step table',
      'repro: scenario.json',
    ]);
    const table = files.find((f) => f.name === a!.attachments[0]!.source)!;
    expect(table.content).toContain('violated: CT-REPLY');
    expect(a!.steps.some((s) => s.status === 'failed')).toBe(true);
    expect(b!.attachments).toEqual([]);
  });

  it('keys history on mutant, profile and backend, not on the seed', () => {
    const [first] = results(1).parsed;
    const [other] = results(2).parsed;
    expect(first!.historyId).toBe(other!.historyId);
    expect(first!.testCaseId).toBe(mutantHistoryId('a', 'safespring', 'netns'));
    expect(mutantHistoryId('a', 'cloudstack', 'netns')).not.toBe(first!.historyId);
    expect(mutantHistoryId('a', 'safespring', 'docker')).not.toBe(first!.historyId);
  });
});
