/**
 * One random step of any kind: the fill-in between templates. Group membership
 * changes are rare for cloudstack, where the model treats them as no-ops.
 */
import fc from 'fast-check';
import type { ProfileName } from '../../spec/index.ts';
import type { AbstractStep, SpoofSourcePick } from './abstract-step.ts';
import {
  endpointPickArb,
  externalPickArb,
  groupPickArb,
  instancePickArb,
  pickArb,
} from './picks.ts';
import { rulePickArb } from './rule-arbitrary.ts';
import { trafficPickArb, trafficPortArb } from './traffic-pick-arbitrary.ts';

const flowArb = () => fc.record({ recent: fc.nat({ max: 2 }) });

/** The address a spoofing instance claims: another instance's, or an external host's. */
export const spoofSourceArb = (): fc.Arbitrary<SpoofSourcePick> =>
  fc.oneof(
    fc.record({ kind: fc.constant('instanceIp' as const), instance: instancePickArb() }),
    externalPickArb().map((e) => ({ kind: 'externalIp' as const, pick: e.pick })),
  );

/** A single random abstract step, as a one-element list (templates are lists too). */
export function randomStepArbitrary(profile: ProfileName): fc.Arbitrary<AbstractStep[]> {
  const membershipWeight = profile === 'cloudstack' ? 1 : 3;
  const step: fc.Arbitrary<AbstractStep> = fc.oneof(
    {
      arbitrary: fc.record({
        op: fc.constant('addRule' as const),
        group: groupPickArb(),
        rule: rulePickArb(),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('removeRule' as const),
        group: groupPickArb(),
        pick: pickArb(),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('attachGroup' as const),
        instance: instancePickArb(),
        group: groupPickArb(),
      }),
      weight: membershipWeight,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('detachGroup' as const),
        instance: instancePickArb(),
        pick: pickArb(),
      }),
      weight: membershipWeight,
    },
    { arbitrary: trafficPickArb().map((t) => ({ op: 'open' as const, ...t })), weight: 2 },
    {
      arbitrary: fc.record({
        op: fc.constant('send' as const),
        flow: flowArb(),
        direction: fc.constantFrom('forward' as const, 'reply' as const),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ op: fc.constant('close' as const), flow: flowArb() }), weight: 1 },
    { arbitrary: trafficPickArb().map((t) => ({ op: 'probe' as const, ...t })), weight: 5 },
    {
      arbitrary: fc.record({
        op: fc.constant('spoof' as const),
        from: instancePickArb(),
        to: endpointPickArb(),
        source: spoofSourceArb(),
        port: trafficPortArb(),
      }),
      weight: 1,
    },
  );
  return step.map((s) => [s]);
}
