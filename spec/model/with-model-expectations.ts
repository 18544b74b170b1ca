/** Writes the model's verdicts into a scenario's traffic steps (for repro files). */
import type { Expect, Step, TrafficStep } from '../schema/scenario.ts';
import { evaluateScenario } from './step.ts';
import type { Expectation, ResolvedScenario } from './types.ts';

function expectFrom(expectation: Expectation): Expect | undefined {
  if (expectation.kind !== 'traffic') return undefined;
  return expectation.delivered && expectation.seenFrom !== null
    ? { delivered: true, seenFrom: expectation.seenFrom }
    : { delivered: expectation.delivered };
}

const TRAFFIC_OPS = new Set<Step['op']>([
  'open',
  'send',
  'probe',
  'spoof',
  'macSpoof',
  'arpSpoof',
  'broadcast',
  'rogueDhcp',
  'snoop',
  'stray',
  'podQuery',
  'mtuProbe',
  'eavesdrop',
  'forgeVxlan',
  'leakVxlan',
]);

const isTraffic = (step: Step): step is TrafficStep => TRAFFIC_OPS.has(step.op);

/** Fills every traffic step's `expect` from the model (used for repro files). */
export function withModelExpectations(scenario: ResolvedScenario): ResolvedScenario {
  const { results } = evaluateScenario(scenario);
  const steps = results.map(({ step, expectation }): Step => {
    if (!isTraffic(step)) return step;
    const { expect: _old, ...rest } = step;
    const expect = expectFrom(expectation);
    // A no-op traffic step has nothing to expect.
    return (expect === undefined ? rest : { ...rest, expect }) as Step;
  });
  return { ...scenario, steps };
}
