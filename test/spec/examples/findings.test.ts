/** Repros of docs/findings.md are valid scenarios whose written expects the model agrees with. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkExpect, evaluateScenario, expectOf, parseScenario } from '../../../spec/index.ts';

const dir = new URL('../../../examples/findings/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('examples/findings', () => {
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  for (const name of files) {
    it(`${name}: valid, described, and the model agrees with its expects`, () => {
      const parsed = parseScenario(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
      if (!parsed.ok) throw new Error(`${name} is not a valid scenario`);
      expect(parsed.scenario.description ?? '').toContain('docs/findings.md');
      const contradicted = evaluateScenario(parsed.scenario).results.filter(
        ({ step, expectation }) => checkExpect(expectOf(step), expectation).kind === 'contradicted',
      );
      expect(contradicted).toEqual([]);
    });
  }
});
