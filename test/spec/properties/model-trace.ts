/**
 * Test helper: parse a generated scenario and run it through the model step by step,
 * keeping the state before and after each step (the properties need both).
 */
import type { ScenarioInput } from '../../../spec/index.ts';
import {
  initialState,
  parseScenario,
  profiles,
  step,
  type Expectation,
  type ModelState,
  type ResolvedScenario,
  type Step,
} from '../../../spec/index.ts';

/** One step of a model run. */
export interface TraceEntry {
  readonly index: number;
  readonly step: Step;
  readonly before: ModelState;
  readonly after: ModelState;
  readonly expectation: Expectation;
}

/** The resolved scenario (throws with the issues if the generator made an invalid one). */
export function resolve(input: ScenarioInput): ResolvedScenario {
  const parsed = parseScenario(input);
  if (!parsed.ok)
    throw new Error(`generated scenario is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.scenario;
}

/** Runs every step of `scenario`, recording states. */
export function trace(scenario: ResolvedScenario): TraceEntry[] {
  const profile = profiles[scenario.profile];
  let state = initialState(scenario);
  return scenario.steps.map((s, index) => {
    const result = step(profile, state, s);
    const entry = {
      index,
      step: s,
      before: state,
      after: result.state,
      expectation: result.expectation,
    };
    state = result.state;
    return entry;
  });
}

/** `expectation` as a traffic verdict, or undefined for config/no-op/flow steps. */
export function verdict(
  expectation: Expectation,
): { delivered: boolean; seenFrom: string | null } | undefined {
  return expectation.kind === 'traffic'
    ? { delivered: expectation.delivered, seenFrom: expectation.seenFrom }
    : undefined;
}

/** Where an endpoint sits: an external host, or an instance with its kind, site and host. */
export type Place =
  | { readonly kind: 'external'; readonly ip: string }
  | {
      readonly kind: 'instance';
      readonly network: 'public' | 'nat' | 'private' | 'overlay';
      readonly site: string;
      readonly hostIp: string;
      readonly ip: string;
    };

/** The place of `name` in `state`'s topology (undefined when absent). */
export function placeOf(state: ModelState, name: string): Place | undefined {
  const t = state.topology;
  const external = t.externals.find((e) => e.name === name);
  if (external !== undefined) return { kind: 'external', ip: external.ip };
  const instance = t.instances.find((i) => i.name === name);
  const network = t.networks.find((n) => n.name === instance?.network);
  const host = t.hosts.find((h) => h.name === instance?.host);
  if (instance === undefined || network === undefined || host === undefined) return undefined;
  return {
    kind: 'instance',
    network: network.kind,
    site: network.site,
    hostIp: host.publicIp,
    ip: instance.ip,
  };
}

/** Whether `b` is on the Internet as seen from instance place `a` (external or another site). */
export function acrossInternet(a: Place, b: Place): boolean {
  return a.kind === 'external' || b.kind === 'external' || a.site !== b.site;
}
