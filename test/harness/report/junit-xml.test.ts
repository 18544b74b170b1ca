import { describe, expect, it } from 'vitest';
import {
  renderJunitXml,
  mergeMutationResults,
  summarizeColumn,
} from '../../../harness/report/index.ts';
import { requirements } from '../../../spec/requirements/index.ts';
import { findAll, parseXml } from './xml-tree.ts';
import {
  caught,
  driverError,
  loaded,
  missed,
  mutationResult,
} from '../../../fixtures/mutation-fixtures.ts';
import { mutantColumn, referenceColumn, reportData } from '../../../fixtures/report-fixtures.ts';

describe('renderJunitXml', () => {
  const data = reportData();
  const root = parseXml(renderJunitXml(data));

  it('has one testsuite per column and one testcase per applicable requirement', () => {
    expect(root.name).toBe('testsuites');
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual([
      'safespring/reference/netns',
      'safespring/mutant:stateless/netns',
    ]);
    for (const [i, column] of [referenceColumn(), mutantColumn()].entries()) {
      const suite = suites[i]!;
      const s = summarizeColumn(requirements, column);
      const cases = findAll(suite, 'testcase');
      expect(cases).toHaveLength(s.applicable);
      expect(Number(suite.attributes.tests)).toBe(s.applicable);
      expect(Number(suite.attributes.failures)).toBe(s.violated);
      expect(findAll(suite, 'failure')).toHaveLength(s.violated);
      expect(Number(suite.attributes.skipped)).toBe(s.notExercised);
      expect(findAll(suite, 'skipped')).toHaveLength(s.notExercised);
      expect(Number(suite.attributes.errors)).toBe(findAll(suite, 'error').length);
    }
    expect(Number(root.attributes.tests)).toBe(findAll(root, 'testcase').length);
    expect(Number(root.attributes.failures)).toBe(1);
  });

  it('puts the repro step table in the failure, escaped and readable back', () => {
    const failure = findAll(root, 'failure')[0]!;
    expect(failure.text).toContain('send f<script>alert(1)</script> reply');
    expect(failure.text).toContain('violated: CT-REPLY');
    const props = findAll(findAll(root, 'testsuite')[1]!, 'property');
    expect(props.find((p) => p.attributes.name === 'seed')?.attributes.value).toBe('42');
  });

  it('adds a mutants suite: a testcase per mutant, missed ones fail, driver errors err', () => {
    const merged = mergeMutationResults([
      loaded(mutationResult([caught('a', 10), missed('b'), driverError('c')])),
    ]);
    if (merged.kind !== 'merged') throw new Error(merged.message);
    const xml = parseXml(renderJunitXml({ ...reportData([]), mutation: merged.view }));
    const suites = findAll(xml, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(['mutants/safespring/netns']);
    const cases = findAll(xml, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['a', 'b', 'c']);
    expect(cases.map((c) => c.children.map((k) => k.name))).toEqual([[], ['failure'], ['error']]);
    expect(findAll(cases[1]!, 'failure')[0]!.attributes.message).toMatch(
      /missed: no confirmed disagreement in 20 runs \(it should violate CT-REPLY\)/,
    );
    expect(xml.attributes).toMatchObject({ tests: '3', failures: '1', errors: '1' });
    const props = findAll(suites[0]!, 'property');
    expect(props.find((p) => p.attributes.name === 'score')?.attributes.value).toBe('1/3');
  });
});

describe('escapeXml', () => {
  it('drops characters XML 1.0 cannot carry and escapes markup', async () => {
    const { escapeXml } = await import('../../../harness/report/escape.ts');
    expect(escapeXml('a\u0000b\u001bc\t<&>"\'')).toBe('abc\t&lt;&amp;&gt;&quot;&#39;');
  });
});
