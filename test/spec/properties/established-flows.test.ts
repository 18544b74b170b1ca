/**
 * CT-REPLY / CT-KEEP-ON-REMOVE: on an admitted flow, replies pass whatever happens to
 * the rules and groups afterwards, in both keep profiles, and so do forward packets once
 * the flow has carried a reply (an unreplied UDP flow is still new to conntrack); the
 * forward packets keep the source address the receiver saw at open.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../../harness/arbitraries/index.ts';
import {
  profiles,
  step,
  type ModelState,
  type ProfileName,
  type Step,
} from '../../../spec/index.ts';
import { resolve, trace, verdict } from './model-trace.ts';

/** Every config step that tears down admission: remove each rule, detach each group. */
function wipe(state: ModelState): Step[] {
  return [
    ...state.topology.groups.flatMap((g) =>
      g.rules.map((rule): Step => ({ op: 'removeRule', group: g.name, rule })),
    ),
    ...state.topology.instances.flatMap((i) =>
      i.groups.map((group): Step => ({ op: 'detachGroup', instance: i.name, group })),
    ),
  ];
}

describe.each<ProfileName>(['safespring', 'cloudstack'])('established flows (%s)', (name) => {
  const profile = profiles[name];
  const arb = scenarioArbitrary({ profile: name, maxSteps: 8, maxInstances: 4, maxSites: 2 });

  it('deliver every send of the generated scenarios', () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, (input) => {
        for (const entry of trace(resolve(input))) {
          if (entry.step.op !== 'send') continue;
          const flow = entry.before.flows[entry.step.flow];
          if (flow?.established !== true) continue;
          if (entry.step.direction === 'forward' && !flow.replied) continue;
          const v = verdict(entry.expectation);
          // The model has no icmp reply without a forward echo (a no-op).
          if (v === undefined && flow.protocol === 'icmp' && entry.step.direction === 'reply')
            continue;
          expect(v?.delivered).toBe(true);
          checked += 1;
        }
      }),
      { seed: 301, numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('deliver replies and forwards after any later rule/group changes, down to none at all', () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, (input) => {
        const scenario = resolve(input);
        const entries = trace(scenario);
        for (const entry of entries) {
          if (entry.step.op !== 'open') continue;
          const flow = entry.after.flows[entry.step.flow];
          const opened = verdict(entry.expectation);
          if (flow?.established !== true || opened === undefined) continue;
          // The scenario's own later config steps, then a wipe of whatever is left.
          const later = scenario.steps
            .slice(entry.index + 1)
            .filter((s) => s.op !== 'open' && s.op !== 'send' && s.op !== 'probe')
            .filter((s) => s.op !== 'close' && s.op !== 'spoof');
          let state = entry.after;
          for (const change of [...later, ...wipe(state)]) {
            state = step(profile, state, change).state;
            // The reply first: it makes an unreplied UDP flow established for forwards.
            const sends: Step[] = [
              ...(flow.protocol === 'icmp'
                ? []
                : [{ op: 'send' as const, flow: flow.name, direction: 'reply' as const }]),
              { op: 'send', flow: flow.name, direction: 'forward' },
            ];
            let probeState = state;
            for (const send of sends) {
              const result = step(profile, probeState, send);
              probeState = result.state;
              const v = verdict(result.expectation);
              expect(v?.delivered).toBe(true);
              if (send.op === 'send' && send.direction === 'forward') {
                expect(v?.seenFrom).toBe(opened.seenFrom);
              }
              checked += 1;
            }
          }
        }
      }),
      { seed: 302, numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(200);
  });
});
