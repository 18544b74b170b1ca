/** The danube example (seed 003): every written expect agrees with the model. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkExpect,
  evaluateScenario,
  expectOf,
  parseStrictScenario,
} from '../../../spec/index.ts';

const file = new URL('../../../examples/danube-overlays.json', import.meta.url);
const parsed = parseStrictScenario(JSON.parse(readFileSync(file, 'utf8')));

describe('danube overlays example (seed 003)', () => {
  it('is valid and every step carries an expect the model confirms', () => {
    if (!parsed.ok) throw new Error('the danube example must be valid');
    const results = evaluateScenario(parsed.scenario).results;
    expect(results).toHaveLength(15);
    for (const { step, expectation } of results) {
      expect(expectOf(step), JSON.stringify(step)).toBeDefined();
      expect(checkExpect(expectOf(step), expectation).kind, JSON.stringify(step)).toBe('agree');
    }
  });
});
