import { describe, expect, it } from 'vitest';
import {
  renderJunitXml,
  renderMutantsJunitXml,
  summarizeColumn,
} from '../../../harness/report/index.ts';
import { requirements } from '../../../spec/requirements/index.ts';
import { findAll, parseXml } from './xml-tree.ts';
import { mutantColumn, referenceColumn, reportData } from './report-fixtures.ts';

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

  it('writes a mutants suite failing on survivors', () => {
    const xml = parseXml(
      renderMutantsJunitXml({
        profile: 'safespring',
        backend: 'netns',
        seed: 1,
        mutants: [
          {
            name: 'a',
            caught: true,
            runsUntilCaught: 1,
            timeToCatchMs: 10,
            timeToShrinkMs: 5,
            reproSteps: 2,
            requirements: ['CT-REPLY'],
            violated: ['CT-REPLY'],
          },
          {
            name: 'b',
            caught: false,
            runsUntilCaught: null,
            timeToCatchMs: null,
            timeToShrinkMs: null,
            reproSteps: null,
            requirements: ['SG-NONE'],
            violated: [],
          },
        ],
      }),
    );
    expect(findAll(xml, 'testcase')).toHaveLength(2);
    expect(findAll(xml, 'failure')).toHaveLength(1);
    expect(xml.attributes.failures).toBe('1');
  });
});

describe('escapeXml', () => {
  it('drops characters XML 1.0 cannot carry and escapes markup', async () => {
    const { escapeXml } = await import('../../../harness/report/escape.ts');
    expect(escapeXml('a\u0000b\u001bc\t<&>"\'')).toBe('abc\t&lt;&amp;&gt;&quot;&#39;');
  });
});
