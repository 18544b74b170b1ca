/**
 * Steering (model only, no dataplane): with the run index, the default generator's
 * 100 scenarios exercise every safespring requirement and every coverage target
 * (each requirement in each situation and with each network kind at each end it
 * distinguishes, every configuration step
 * effect, both sides of every rule-matching edge) for 10 seeds out of 10; and the
 * steering keeps scenarios valid and reproducible from seed and run index alone.
 */
import { describe, expect, it } from 'vitest';
import {
  coverageTargets,
  FOCUSES,
  focusOf,
  scenarioArbitrary,
  scenarioCoverage,
} from '../../../harness/arbitraries/index.ts';
import { planScenario } from '../../../harness/runner/index.ts';
import { parseScenario, profiles } from '../../../spec/index.ts';

/** `netconform run`'s defaults: 100 runs, 8 steps, 4 instances, 2 sites. */
const RUNS = 100;
const defaults = { profile: 'safespring', maxSteps: 8, maxInstances: 4, maxSites: 2 } as const;
const scenarioOf = (seed: number, run: number) =>
  planScenario(scenarioArbitrary({ ...defaults, run }), seed, run);

/** Targets no run of `seed` reached. */
function unmet(seed: number): string[] {
  const seen = new Set<string>();
  for (let k = 0; k < RUNS; k++) {
    const c = scenarioCoverage(scenarioOf(seed, k));
    for (const tag of [...c.requirements, ...c.features]) seen.add(tag);
  }
  return coverageTargets('safespring', defaults.maxSites).filter((t) => !seen.has(t));
}

describe('coverage schedule', () => {
  it('targets every safespring requirement, and every network kind at both ends', () => {
    const targets = coverageTargets('safespring', defaults.maxSites);
    expect(targets).toEqual(expect.arrayContaining([...profiles.safespring.requirements]));
    for (const kind of ['public', 'nat', 'private'])
      for (const side of ['from', 'to']) expect(targets).toContain(`end:SG-MATCH:${side}:${kind}`);
    expect(coverageTargets('cloudstack', 1).filter((t) => t.startsWith('end:'))).toEqual([]);
  });

  it('moves a repeated focus to other network kinds inside a site', () => {
    const runs = [0, FOCUSES.length, 2 * FOCUSES.length];
    const kinds = runs.map((run) => focusOf(run).placement).map((p) => [p.a, p.b]);
    expect(focusOf(0).placement.situation).toBe('same-host');
    expect(new Set(kinds.map((k) => k[0])).size).toBe(3);
    expect(new Set(kinds.map((k) => k[1])).size).toBe(3);
  });

  it('covers every target in the default 100 runs, for 10 seeds out of 10', () => {
    const misses = Array.from({ length: 10 }, (_, i) => i + 1)
      .map((seed) => ({ seed, unmet: unmet(seed) }))
      .filter((m) => m.unmet.length > 0);
    expect(misses).toEqual([]);
  }, 300_000);

  it('gives the same scenario for the same seed and run, valid by construction', () => {
    for (let k = 0; k < 40; k++) {
      const first = JSON.stringify(scenarioOf(7, k));
      expect(JSON.stringify(scenarioOf(7, k))).toBe(first);
      expect(parseScenario(JSON.parse(first)).ok).toBe(true);
    }
  });
});
