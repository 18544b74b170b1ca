/**
 * Contract of the scenario generator: every scenario is valid, survives JSON and
 * `toScenarioInput` round trips, is reproducible from its seed, respects its size
 * options, and stays valid while fast-check shrinks it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultGeneratorOptions,
  scenarioArbitrary,
  type GeneratorOptions,
} from '../../../harness/arbitraries/index.ts';
import { parseScenario, toScenarioInput, type ProfileName } from '../../../spec/index.ts';

const PROFILES: readonly ProfileName[] = ['safespring', 'cloudstack', 'neutron'];
const wide = (profile: ProfileName): GeneratorOptions => ({
  profile,
  maxSteps: 12,
  maxInstances: 6,
  maxSites: 3,
});

function issuesOf(input: unknown): string {
  const result = parseScenario(input);
  return result.ok ? '' : JSON.stringify(result.issues);
}

describe.each(PROFILES)('scenarioArbitrary(%s)', (profile) => {
  it('generates scenarios that parseScenario accepts', () => {
    for (const options of [defaultGeneratorOptions(profile), wide(profile)]) {
      fc.assert(
        fc.property(scenarioArbitrary(options), (scenario) => {
          expect(issuesOf(scenario)).toBe('');
          expect(scenario.profile).toBe(profile);
        }),
        { seed: 101, numRuns: 300 },
      );
    }
  });

  it('round-trips through JSON and toScenarioInput to the same resolved scenario', () => {
    fc.assert(
      fc.property(scenarioArbitrary(wide(profile)), (scenario) => {
        const direct = parseScenario(scenario);
        const viaJson = parseScenario(JSON.parse(JSON.stringify(scenario)));
        if (!direct.ok || !viaJson.ok) throw new Error(issuesOf(scenario));
        expect(viaJson.scenario).toEqual(direct.scenario);
        const again = parseScenario(toScenarioInput(direct.scenario));
        if (!again.ok) throw new Error(JSON.stringify(again.issues));
        expect(again.scenario).toEqual(direct.scenario);
      }),
      { seed: 102, numRuns: 200 },
    );
  });

  it('gives byte-identical scenarios for one seed and different ones for another', () => {
    const arb = scenarioArbitrary(wide(profile));
    const once = JSON.stringify(fc.sample(arb, { seed: 7, numRuns: 100 }));
    const twice = JSON.stringify(
      fc.sample(scenarioArbitrary(wide(profile)), { seed: 7, numRuns: 100 }),
    );
    const other = JSON.stringify(fc.sample(arb, { seed: 8, numRuns: 100 }));
    expect(twice).toBe(once);
    expect(other).not.toBe(once);
  });

  it('respects maxSteps, maxInstances and maxSites', () => {
    const options: GeneratorOptions = { profile, maxSteps: 3, maxInstances: 2, maxSites: 2 };
    const samples = fc.sample(scenarioArbitrary(options), { seed: 9, numRuns: 300 });
    for (const s of samples) {
      expect(s.steps?.length ?? 0).toBeLessThanOrEqual(3);
      expect(s.topology.instances?.length).toBeGreaterThanOrEqual(1);
      expect(s.topology.instances?.length ?? 0).toBeLessThanOrEqual(2);
      expect(s.topology.sites.length).toBeLessThanOrEqual(2);
    }
    // The bounds are reached, not just respected.
    expect(samples.some((s) => s.steps?.length === 3)).toBe(true);
    expect(samples.some((s) => s.topology.sites.length === 2)).toBe(true);
  });

  it('stays valid while shrinking', () => {
    const arb = scenarioArbitrary(wide(profile));
    let checked = 0;
    // Find a "failure" (a scenario with a probe) and collect every shrink fast-check tries.
    const details = fc.check(
      fc.property(arb, (scenario) => {
        checked += 1;
        expect(issuesOf(scenario)).toBe('');
        return !(scenario.steps ?? []).some((s) => s.op === 'probe');
      }),
      { seed: 103, numRuns: 100 },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0].steps?.length).toBe(1);
    expect(checked).toBeGreaterThan(details.numRuns);
  });
});

describe('scenarioArbitrary options', () => {
  it('rejects options the address plan cannot hold, naming the field', () => {
    const base = defaultGeneratorOptions('safespring');
    expect(() => scenarioArbitrary({ ...base, maxSites: 5 })).toThrow(/maxSites/);
    expect(() => scenarioArbitrary({ ...base, maxInstances: 0 })).toThrow(/maxInstances/);
    expect(() => scenarioArbitrary({ ...base, maxSteps: 1.5 })).toThrow(/maxSteps/);
  });
});

describe('scenarioArbitrary(cloudstack)', () => {
  it("never changes an instance's groups: a basic zone cannot (limitation 3)", () => {
    const steps = [undefined, 0, 1, 2, 3, 4, 5].flatMap((run) =>
      fc
        .sample(
          scenarioArbitrary({ ...wide('cloudstack'), ...(run === undefined ? {} : { run }) }),
          {
            seed: 11,
            numRuns: 100,
          },
        )
        .flatMap((s) => s.steps ?? []),
    );
    expect(steps.length).toBeGreaterThan(1000);
    expect(steps.filter((s) => s.op === 'attachGroup' || s.op === 'detachGroup')).toEqual([]);
  });
});
