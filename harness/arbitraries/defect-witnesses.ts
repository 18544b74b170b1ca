/**
 * Which classic defects a scenario would show: a traffic step whose verdict the
 * reference model changes when the topology is seen the way the defect sees it
 * (`defect-views.ts`), or a reply that only conntrack admits after a configuration
 * change (what flushing conntrack on every change breaks). Semantic, unlike
 * `scenarioPatterns`: it runs the model, so it is for statistics and tests.
 */
import {
  initialState,
  parseScenario,
  profiles,
  step as modelStep,
  type ModelState,
  type ResolvedTopology,
  type ScenarioInput,
  type Step,
} from '../../spec/index.ts';
import {
  firstGroupOnly,
  initialGroupsKept,
  membersOf,
  protocolBlind,
  upperPortExcluded,
  withFixedMembers,
} from './defect-views.ts';

/** Every witness `defectWitnesses` can report, each named after what it shows. */
export const DEFECT_WITNESSES = [
  'admitted-only-by-a-later-group',
  'other-protocol-on-a-rule-port',
  'refused-after-detaching-its-group',
  'reply-after-change-needs-conntrack',
  'remote-group-membership-changed',
  'admitted-at-a-port-upper-bound',
] as const;

export type DefectWitness = (typeof DEFECT_WITNESSES)[number];

/** A destination port no generated rule covers: where replies go. */
const EPHEMERAL_PORT = 40000;

type View = (t: ResolvedTopology) => ResolvedTopology;

/** Remote-group members as an agent would see them that resolves each group once. */
function frozenMembers(): { freeze: (t: ResolvedTopology) => void; view: View } {
  const frozen = new Map<string, readonly string[]>();
  return {
    freeze: (t) => {
      for (const g of t.groups)
        for (const r of g.rules ?? [])
          if ('group' in r.remote && !frozen.has(r.remote.group))
            frozen.set(r.remote.group, membersOf(t, r.remote.group));
    },
    view: (t) => withFixedMembers(t, (g) => frozen.get(g) ?? membersOf(t, g)),
  };
}

/** The witnesses present in `scenario` (in `DEFECT_WITNESSES` order); none when invalid. */
export function defectWitnesses(scenario: ScenarioInput): DefectWitness[] {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return [];
  const profile = profiles[parsed.scenario.profile];
  const initial = parsed.scenario.topology;
  const remote = frozenMembers();
  remote.freeze(initial);
  const views: [DefectWitness, View][] = [
    ['admitted-only-by-a-later-group', firstGroupOnly],
    ['other-protocol-on-a-rule-port', protocolBlind],
    ['refused-after-detaching-its-group', (t) => initialGroupsKept(t, initial)],
    ['remote-group-membership-changed', remote.view],
    ['admitted-at-a-port-upper-bound', upperPortExcluded],
  ];
  const found = new Set<DefectWitness>();
  // Flows that were open when a configuration change was applied.
  const changedUnder = new Set<string>();
  let state: ModelState = initialState(parsed.scenario);
  const delivered = (s: ModelState, step: Step): boolean | undefined => {
    const e = modelStep(profile, s, step).expectation;
    return e.kind === 'traffic' ? e.delivered : undefined;
  };
  for (const step of parsed.scenario.steps) {
    const { state: next, expectation } = modelStep(profile, state, step);
    if (expectation.kind === 'config') {
      remote.freeze(next.topology);
      for (const name in next.flows) changedUnder.add(name);
    }
    if (expectation.kind === 'traffic' && step.op !== 'spoof') {
      for (const [witness, view] of views)
        if (delivered({ ...state, topology: view(state.topology) }, step) !== expectation.delivered)
          found.add(witness);
      const flow = step.op === 'send' ? state.flows[step.flow] : undefined;
      if (
        step.op === 'send' &&
        step.direction === 'reply' &&
        flow !== undefined &&
        flow.protocol !== 'icmp' &&
        expectation.delivered &&
        changedUnder.has(step.flow)
      ) {
        // Without its conntrack entry the reply is a new flow to the opener's port.
        const reverse: Step = {
          op: 'probe',
          from: flow.to,
          to: flow.from,
          protocol: flow.protocol,
          port: EPHEMERAL_PORT,
        };
        if (delivered(state, reverse) === false) found.add('reply-after-change-needs-conntrack');
      }
    }
    if ((step.op === 'open' && expectation.kind === 'traffic') || step.op === 'close')
      changedUnder.delete(step.flow);
    state = next;
  }
  return DEFECT_WITNESSES.filter((w) => found.has(w));
}
