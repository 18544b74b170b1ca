/**
 * What a scenario exercises, as tags (like Cyclonus's): the requirement IDs that
 * decided its traffic steps, and features: its patterns and defect witnesses, the
 * configuration step effects its traffic shows, traffic at the edges of rule
 * matching, and the situation and end kinds each requirement was exercised in.
 * Pure; runs the model once per configuration step at most.
 */
import {
  initialState,
  parseScenario,
  profiles,
  step as modelStep,
  type Expectation,
  type ModelState,
  type ScenarioInput,
  type Step,
} from '../../spec/index.ts';
import { defectWitnesses } from './defect-witnesses.ts';
import { matchEdges } from './match-edges.ts';
import { scenarioPatterns } from './scenario-patterns.ts';
import { placeOf } from './situation.ts';
import { stepEffects } from './step-effects.ts';

/** Requirement IDs and features one scenario exercised. */
export interface ScenarioCoverage {
  readonly requirements: string[];
  readonly features: string[];
}

/** Requirements decided by the network structure before any rule is read. */
const STRUCTURAL = new Set(['NET-PRIVATE', 'NET-NAT-IN', 'NET-EXTERNAL']);

/** Steps that send a frame from one instance to a neighbour (L2 promises). */
const L2_OPS: ReadonlySet<Step['op']> = new Set([
  'macSpoof',
  'arpSpoof',
  'broadcast',
  'rogueDhcp',
  'snoop',
  'stray',
]);

/** The ends of traffic step `s` as packets travel (a reply goes back to the opener). */
function endsOf(state: ModelState, s: Step): { from: string; to: string } | undefined {
  if (s.op === 'probe' || s.op === 'open' || s.op === 'spoof') return { from: s.from, to: s.to };
  if (L2_OPS.has(s.op) && 'from' in s && 'to' in s) return { from: s.from, to: s.to };
  if (s.op !== 'send') return undefined;
  const flow = state.flows[s.flow];
  if (flow === undefined) return undefined;
  return s.direction === 'reply' ? { from: flow.to, to: flow.from } : flow;
}

/**
 * The coverage of `scenario`'s first `stepCount` steps (default all: a run that
 * stopped early exercised only what it ran). An invalid scenario covers nothing.
 */
export function scenarioCoverage(scenario: ScenarioInput, stepCount?: number): ScenarioCoverage {
  const input = { ...scenario, steps: (scenario.steps ?? []).slice(0, stepCount) };
  const parsed = parseScenario(input);
  if (!parsed.ok) return { requirements: [], features: [] };
  const resolved = parsed.scenario;
  const profile = profiles[resolved.profile];
  const requirements = new Set<string>();
  const features = new Set<string>();
  const expectations: Expectation[] = [];
  const ends: ({ from: string; to: string } | undefined)[] = [];
  let state = initialState(resolved);
  for (const s of resolved.steps) {
    const { state: next, expectation } = modelStep(profile, state, s);
    const flowEnds = endsOf(state, s);
    expectations.push(expectation);
    ends.push(flowEnds);
    // A query to the pod-local server has one end: its requirement, no situation.
    if (expectation.kind === 'traffic' && s.op === 'podQuery')
      expectation.requirements.forEach((id) => requirements.add(id));
    if (expectation.kind === 'traffic' && flowEnds !== undefined) {
      const place = placeOf(state.topology, flowEnds.from, flowEnds.to);
      for (const id of expectation.requirements) {
        requirements.add(id);
        if (place === undefined) continue;
        features.add(`situation:${id}:${place.situation}`);
        features.add(`end:${id}:from:${place.from}`);
        features.add(`end:${id}:to:${place.to}`);
      }
      if (s.op === 'probe' || s.op === 'open') {
        const blocked = expectation.requirements.some((id) => STRUCTURAL.has(id));
        for (const f of matchEdges(state.topology, s, blocked)) features.add(f);
      }
    }
    state = next;
  }
  return {
    requirements: [...requirements].sort(),
    features: [
      ...scenarioPatterns(input).map((p) => `pattern:${p}`),
      ...defectWitnesses(input).map((w) => `witness:${w}`),
      ...stepEffects(resolved, expectations, ends),
      ...[...features].sort(),
    ],
  };
}
