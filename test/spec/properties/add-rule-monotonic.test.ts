/**
 * Rules are allow-only (SG-MATCH): adding a rule never blocks a new flow the model
 * admitted before. The one documented exception is cloudstack's CS-EGRESS-OPEN:
 * the first egress rule of an instance's groups closes its open egress.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../../harness/arbitraries/index.ts';
import {
  profiles,
  step,
  type ModelState,
  type ProfileName,
  type Rule,
  type Step,
} from '../../../spec/index.ts';
import { resolve, trace } from './model-trace.ts';

type NewFlow = Extract<Step, { op: 'probe' }>;

/** cloudstack: the rule is the first egress rule `from` would get (CS-EGRESS-OPEN). */
function closesOpenEgress(state: ModelState, from: string, group: string, rule: Rule): boolean {
  if (state.profile !== 'cloudstack' || rule.direction !== 'egress') return false;
  const groups = state.topology.instances.find((i) => i.name === from)?.groups ?? [];
  const hasEgress = state.topology.groups.some(
    (g) => groups.includes(g.name) && g.rules.some((r) => r.direction === 'egress'),
  );
  return groups.includes(group) && !hasEgress;
}

describe.each<ProfileName>(['safespring', 'cloudstack', 'neutron'])(
  'adding a rule (%s)',
  (name) => {
    it('never blocks a probe the model delivered before', () => {
      const profile = profiles[name];
      const counts = { checked: 0, keptDelivered: 0, newlyDelivered: 0, egressClosed: 0 };
      const arb = scenarioArbitrary({ profile: name, maxSteps: 8, maxInstances: 4, maxSites: 2 });
      fc.assert(
        fc.property(arb, (input) => {
          const scenario = resolve(input);
          const rules: Rule[] = [
            ...scenario.topology.groups.flatMap((g) => g.rules),
            ...scenario.steps.flatMap((s) => (s.op === 'addRule' ? [s.rule] : [])),
          ];
          for (const entry of trace(scenario)) {
            if (entry.step.op !== 'probe' && entry.step.op !== 'open') continue;
            const { from, to, protocol, port } = entry.step;
            const probe: NewFlow = {
              op: 'probe',
              from,
              to,
              protocol,
              ...(port === undefined ? {} : { port }),
            };
            const before = step(profile, entry.before, probe).expectation;
            if (before.kind !== 'traffic') continue;
            for (const group of entry.before.topology.groups) {
              for (const rule of rules) {
                const added = step(profile, entry.before, {
                  op: 'addRule',
                  group: group.name,
                  rule,
                });
                const after = step(profile, added.state, probe).expectation;
                counts.checked += 1;
                if (after.kind !== 'traffic')
                  throw new Error(`probe became ${after.kind} after addRule`);
                if (before.delivered && !after.delivered) {
                  // Only CS-EGRESS-OPEN may close a door by adding a rule.
                  expect(closesOpenEgress(entry.before, from, group.name, rule)).toBe(true);
                  counts.egressClosed += 1;
                } else if (before.delivered) counts.keptDelivered += 1;
                else if (after.delivered) counts.newlyDelivered += 1;
              }
            }
          }
        }),
        { seed: 201, numRuns: 300 },
      );
      // Not vacuous: deliveries were kept and rules opened new ones.
      expect(counts.keptDelivered).toBeGreaterThan(50);
      expect(counts.newlyDelivered).toBeGreaterThan(50);
      // The exception exists exactly where the profile says egress starts open.
      if (name === 'cloudstack') expect(counts.egressClosed).toBeGreaterThan(0);
      else expect(counts.egressClosed).toBe(0);
    });
  },
);
