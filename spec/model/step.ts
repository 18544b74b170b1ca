/** The model's entry points: initial state, one step, a whole scenario. */
import { profiles } from '../profiles/index.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Step } from '../schema/scenario.ts';
import { configStep } from './config-step.ts';
import { hostStep } from './host-step.ts';
import { l2Step } from './l2-step.ts';
import { overlayStep } from './overlay-step.ts';
import { podQueryStep } from './pod-query-step.ts';
import { strayStep } from './stray-step.ts';
import { trafficStep } from './traffic-step.ts';
import type { Expectation, ModelState, ResolvedScenario, StepResult } from './types.ts';

/** The state before the first step: the scenario's topology, no flows. */
export function initialState(scenario: ResolvedScenario): ModelState {
  return { profile: scenario.profile, topology: scenario.topology, flows: {} };
}

/**
 * The next state and the expectation for `step`. Pure: `state` is never modified;
 * steps naming absent things are no-ops.
 */
export function step(profile: Profile, state: ModelState, step: Step): StepResult {
  switch (step.op) {
    case 'addRule':
    case 'removeRule':
    case 'attachGroup':
    case 'detachGroup':
      return configStep(profile, state, step);
    case 'addIp':
    case 'migrate':
      return hostStep(profile, state, step);
    case 'macSpoof':
    case 'arpSpoof':
    case 'broadcast':
    case 'rogueDhcp':
    case 'snoop':
      return l2Step(profile, state, step);
    case 'stray':
      return strayStep(profile, state, step);
    case 'podQuery':
      return podQueryStep(profile, state, step);
    case 'mtuProbe':
    case 'eavesdrop':
    case 'forgeVxlan':
    case 'leakVxlan':
      return overlayStep(profile, state, step);
    default:
      return trafficStep(profile, state, step);
  }
}

/** Runs every step of `scenario` through the model. */
export function evaluateScenario(scenario: ResolvedScenario): {
  readonly results: readonly { step: Step; expectation: Expectation }[];
  readonly final: ModelState;
} {
  const profile = profiles[scenario.profile];
  let state = initialState(scenario);
  const results: { step: Step; expectation: Expectation }[] = [];
  for (const s of scenario.steps) {
    const result = step(profile, state, s);
    results.push({ step: s, expectation: result.expectation });
    state = result.state;
  }
  return { results, final: state };
}
