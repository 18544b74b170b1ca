/**
 * Danube steering (model only, no dataplane): with the run index, every generated danube
 * scenario starts with its run's focus, so each overlay promise is looked at within
 * five runs whatever the seed: the model decides the focus steps by the promise's
 * requirement, and the ends sit where the mutant that breaks it shows (the first
 * cross-PDC host pair, two hosts of one PDC, two overlays on two hosts).
 */
import { describe, expect, it } from 'vitest';
import {
  DANUBE_FOCUSES,
  danubeFocusOf,
  defaultGeneratorOptions,
  scenarioArbitrary,
} from '../../../harness/arbitraries/index.ts';
import { planScenario } from '../../../harness/runner/index.ts';
import {
  evaluateScenario,
  parseScenario,
  type ResolvedScenario,
  type Step,
} from '../../../spec/index.ts';

const options = { ...defaultGeneratorOptions('danube'), maxSites: 2 };
const scenarioOf = (seed: number, run: number) =>
  planScenario(scenarioArbitrary({ ...options, run }), seed, run);

function resolved(seed: number, run: number): ResolvedScenario {
  const parsed = parseScenario(scenarioOf(seed, run));
  if (!parsed.ok) throw new Error(`seed ${seed} run ${run}: ${JSON.stringify(parsed.issues)}`);
  return parsed.scenario;
}

/** Requirements the model names for the first `count` steps of `scenario`. */
function decidedBy(scenario: ResolvedScenario, count: number): string[] {
  return evaluateScenario(scenario)
    .results.slice(0, count)
    .flatMap(({ expectation }) => (expectation.kind === 'traffic' ? expectation.requirements : []));
}

/** Host, PDC and overlay of each instance; hosts in topology order. */
function places(scenario: ResolvedScenario) {
  const { hosts, instances } = scenario.topology;
  const at = (name: string) => {
    const inst = instances.find((i) => i.name === name)!;
    const host = hosts.findIndex((h) => h.name === inst.host);
    return { host, pdc: hosts[host]!.pdc, overlay: inst.network };
  };
  // The pair a per-pair mesh misses first: the first host and the first of another PDC.
  const firstCross = [0, hosts.findIndex((h) => h.pdc !== hosts[0]!.pdc)];
  return { at, firstCross };
}

/** Whether `step` joins the ends `test` accepts (vm names in either order). */
const between = (step: Step, test: (from: string, to: string) => boolean): boolean =>
  'from' in step && 'to' in step && test(step.from, step.to);

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const RUNS = Array.from({ length: 2 * DANUBE_FOCUSES.length }, (_, k) => k);

describe('generated danube scenarios with a run index', () => {
  it('decide their focus steps by the focus requirement, for 10 seeds and two rounds of foci', () => {
    const wanted: Record<string, string[]> = {
      'cross-pdc': ['OV-SWITCH', 'OV-ENCRYPTED'],
      'same-pdc': ['OV-PDC-PATH'],
      'other-overlay': ['OV-ISOLATION'],
      mtu: ['OV-MTU'],
      plaintext: ['OV-NO-PLAINTEXT-IN', 'OV-NO-PLAINTEXT-OUT'],
    };
    const misses: string[] = [];
    for (const seed of SEEDS) {
      for (const run of RUNS) {
        const focus = danubeFocusOf(run, options)!;
        const scenario = resolved(seed, run);
        const decided = decidedBy(scenario, focus.steps.length);
        for (const id of wanted[focus.name]!) {
          if (!decided.includes(id)) misses.push(`seed ${seed} run ${run} (${focus.name}): ${id}`);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it("put the mutants' witnesses where they show", () => {
    for (const seed of SEEDS) {
      for (const run of RUNS) {
        const scenario = resolved(seed, run);
        const { at, firstCross } = places(scenario);
        const name = DANUBE_FOCUSES[run % DANUBE_FOCUSES.length]!.name;
        const steps = scenario.steps;
        const where = `seed ${seed} run ${run} (${name})`;
        if (name === 'cross-pdc') {
          // ipsec-missing-for-one-pair and its double fault: the missed pair carries
          // a probe and an Internet eavesdropper.
          const onPair = (a: string, b: string) =>
            [at(a).host, at(b).host].sort().join() === [...firstCross].sort().join() &&
            at(a).overlay === at(b).overlay;
          expect(
            steps.some((s) => s.op === 'probe' && between(s, onPair)),
            where,
          ).toBe(true);
          expect(
            steps.some((s) => s.op === 'eavesdrop' && s.link === 'internet' && between(s, onPair)),
            where,
          ).toBe(true);
        }
        if (name === 'same-pdc') {
          const samePdc = (a: string, b: string) =>
            at(a).pdc === at(b).pdc && at(a).host !== at(b).host;
          expect(
            steps.some((s) => s.op === 'eavesdrop' && s.link === 'admin' && between(s, samePdc)),
            where,
          ).toBe(true);
        }
        if (name === 'other-overlay') {
          // vni-crosstalk sends to another host's instances of the other overlay.
          const crossing = (a: string, b: string) =>
            at(a).overlay !== at(b).overlay && at(a).host !== at(b).host;
          expect(
            steps.some((s) => s.op === 'probe' && between(s, crossing)),
            where,
          ).toBe(true);
        }
        if (name === 'mtu') {
          expect(steps.some((s) => s.op === 'mtuProbe' && s.size === 1401)).toBe(true);
        }
      }
    }
  });

  it('are the same for the same seed and run, and keep within --max-steps', () => {
    for (const run of RUNS) {
      expect(scenarioOf(7, run)).toEqual(scenarioOf(7, run));
      expect(resolved(7, run).steps.length).toBeLessThanOrEqual(options.maxSteps);
    }
  });

  it('leave out a focus the options cannot hold (one PDC only: no cross-PDC pair)', () => {
    const onePdc = { ...options, maxSites: 1, run: 0 };
    expect(danubeFocusOf(0, onePdc)).toBeUndefined();
    const scenario = parseScenario(planScenario(scenarioArbitrary(onePdc), 3, 0));
    expect(scenario.ok && new Set(scenario.scenario.topology.hosts.map((h) => h.pdc)).size).toBe(1);
  });
});
