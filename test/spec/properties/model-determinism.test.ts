/**
 * The model is a pure function: the same scenario gives the same expectations and
 * final state, step by step or all at once, and its input is left untouched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../../harness/arbitraries/index.ts';
import { evaluateScenario, type ProfileName } from '../../../spec/index.ts';
import { resolve, trace } from './model-trace.ts';

describe.each<ProfileName>(['safespring', 'cloudstack', 'neutron'])(
  'model determinism (%s)',
  (name) => {
    it('gives deep-equal results for the same input and never mutates it', () => {
      const arb = scenarioArbitrary({ profile: name, maxSteps: 10, maxInstances: 4, maxSites: 2 });
      let traffic = 0;
      fc.assert(
        fc.property(arb, (input) => {
          const scenario = resolve(input);
          const snapshot = JSON.stringify(scenario);
          const first = evaluateScenario(scenario);
          const second = evaluateScenario(resolve(JSON.parse(JSON.stringify(input))));
          expect(second).toEqual(first);
          expect(JSON.stringify(second)).toBe(JSON.stringify(first));
          // Stepping by hand agrees with the whole-scenario entry point.
          const entries = trace(scenario);
          expect(entries.map((e) => e.expectation)).toEqual(
            first.results.map((r) => r.expectation),
          );
          expect(entries.at(-1)?.after ?? first.final).toEqual(first.final);
          expect(JSON.stringify(scenario)).toBe(snapshot);
          traffic += first.results.filter((r) => r.expectation.kind === 'traffic').length;
        }),
        { seed: 501, numRuns: 300 },
      );
      expect(traffic).toBeGreaterThan(300);
    });
  },
);
