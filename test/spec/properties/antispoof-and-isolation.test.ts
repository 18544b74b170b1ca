/**
 * NET-ANTISPOOF: a packet whose source the instance does not own (not its address,
 * not a secondary one) is never delivered, whatever the rules. SG-NONE (safespring): an instance in no group
 * neither starts nor accepts a new flow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../../harness/arbitraries/index.ts';
import type { ProfileName } from '../../../spec/index.ts';
import { resolve, trace, verdict } from './model-trace.ts';

describe.each<ProfileName>(['safespring', 'cloudstack', 'neutron'])(
  'spoofed packets (%s)',
  (name) => {
    it('are never delivered', () => {
      const arb = scenarioArbitrary({ profile: name, maxSteps: 8, maxInstances: 4, maxSites: 2 });
      let checked = 0;
      fc.assert(
        fc.property(arb, (input) => {
          for (const entry of trace(resolve(input))) {
            const s = entry.step;
            if (s.op !== 'spoof') continue;
            // A secondary address is the sender's own (L2-SECONDARY-IP): not a spoof.
            const sender = entry.before.topology.instances.find((i) => i.name === s.from);
            if (sender?.secondaryIps?.includes(s.spoofedSource) === true) continue;
            // Generated spoofs always name existing endpoints and a third party's address.
            expect(entry.expectation.kind).toBe('traffic');
            expect(verdict(entry.expectation)?.delivered).toBe(false);
            checked += 1;
          }
        }),
        { seed: 601, numRuns: 400 },
      );
      expect(checked).toBeGreaterThan(30);
    });
  },
);

describe('an instance in no group (safespring)', () => {
  it('neither starts nor accepts a new flow', () => {
    const arb = scenarioArbitrary({ profile: 'safespring', maxSteps: 8, maxInstances: 4 });
    let checked = 0;
    fc.assert(
      fc.property(arb, (input) => {
        for (const entry of trace(resolve(input))) {
          const s = entry.step;
          if ((s.op !== 'probe' && s.op !== 'open') || entry.expectation.kind !== 'traffic')
            continue;
          const groupless = entry.before.topology.instances.some(
            (i) => (i.name === s.from || i.name === s.to) && i.groups.length === 0,
          );
          if (!groupless) continue;
          expect(verdict(entry.expectation)?.delivered).toBe(false);
          checked += 1;
        }
      }),
      { seed: 602, numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(30);
  });
});
