/**
 * What the model says about generated scenarios: enough blocked and delivered
 * traffic, established flows whose rules went away (what flushing drivers break),
 * and every requirement the profile enforces decided at least a few times.
 * Fixed seed, 500 scenarios per profile; minimums are about half the observed counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGeneratorOptions, scenarioArbitrary } from '../../../harness/arbitraries/index.ts';
import { profiles, step, type ProfileName } from '../../../spec/index.ts';
import { resolve, trace, verdict } from './model-trace.ts';

interface Minimums {
  readonly delivered: number;
  readonly blocked: number;
  /** Scenarios with a send on an established flow that a new flow would no longer get. */
  readonly keptAfterChange: number;
  /** Scenarios in which each requirement decided a traffic step. */
  readonly requirements: Readonly<Record<string, number>>;
}

const MINIMUMS: Record<ProfileName, Minimums> = {
  safespring: {
    delivered: 250,
    blocked: 300,
    keptAfterChange: 25,
    requirements: {
      'SG-NONE': 40,
      'SG-BOTH-ENDS': 60,
      'SG-REMOTE-GROUP': 15,
      'CT-REPLY': 100,
      'CT-KEEP-ON-REMOVE': 12,
      'NET-ANTISPOOF': 35,
      'NET-NAT-OUT': 35,
      'NET-NAT-IN': 10,
      'NET-PRIVATE': 50,
      'NET-PUBLIC': 40,
      'NET-INTERNAL-NO-NAT': 60,
    },
  },
  cloudstack: {
    delivered: 350,
    blocked: 250,
    keptAfterChange: 30,
    requirements: {
      'CS-DEFAULT-GROUP': 35,
      'CS-EGRESS-OPEN': 25,
      'SG-REMOTE-GROUP': 15,
      'CT-REPLY': 150,
      'CT-KEEP-ON-REMOVE': 10,
      'NET-ANTISPOOF': 35,
      'NET-PUBLIC': 100,
    },
  },
  // CT-FLUSH-ON-REMOVE cuts what the rules no longer admit: no flow is kept after a change.
  neutron: {
    delivered: 300,
    blocked: 300,
    keptAfterChange: 0,
    requirements: {
      'SG-NONE': 20,
      'SG-BOTH-ENDS': 150,
      'SG-REMOTE-GROUP': 70,
      'CT-REPLY': 150,
      'CT-ESTABLISHED': 15,
      'NET-ANTISPOOF': 45,
      // Half the networks are tenant ones behind the virtual router since it came.
      'NET-PUBLIC': 50,
      'NEUTRON-ROUTER-SNAT': 40,
      // Frames of the neutron L2 template (weight 2).
      'NEUTRON-BROADCAST': 10,
      'NEUTRON-IP-MAC-PAIR': 12,
    },
  },
  // Overlays have no conntrack-sensitive rules: nothing is kept after a change.
  danube: {
    delivered: 250,
    blocked: 550,
    keptAfterChange: 0,
    requirements: {
      'OV-SWITCH': 130,
      'OV-ISOLATION': 130,
      'OV-MTU': 90,
      'OV-PDC-PATH': 55,
      'OV-ENCRYPTED': 30,
      'OV-NO-PLAINTEXT-IN': 75,
      'OV-NO-PLAINTEXT-OUT': 70,
    },
  },
};

describe.each<ProfileName>(['safespring', 'cloudstack', 'neutron', 'danube'])(
  'generated %s scenarios',
  (name) => {
    it('exercise blocked and delivered traffic, kept flows and the profile requirements', () => {
      const profile = profiles[name];
      const samples = fc.sample(scenarioArbitrary(defaultGeneratorOptions(name)), {
        seed: 777,
        numRuns: 500,
      });
      const stats = { delivered: 0, blocked: 0, keptAfterChange: 0 };
      const requirements: Record<string, number> = {};
      for (const input of samples) {
        const seen = new Set<string>();
        let kept = false;
        for (const entry of trace(resolve(input))) {
          const v = verdict(entry.expectation);
          if (v === undefined) continue;
          stats[v.delivered ? 'delivered' : 'blocked'] += 1;
          if (entry.expectation.kind === 'traffic')
            for (const id of entry.expectation.requirements) seen.add(id);
          const flow = entry.step.op === 'send' ? entry.before.flows[entry.step.flow] : undefined;
          if (flow?.established === true) {
            const { from, to, protocol } = flow;
            const port = flow.port ?? undefined;
            const fresh = step(profile, entry.before, { op: 'probe', from, to, protocol, port });
            if (verdict(fresh.expectation)?.delivered === false) kept = true;
          }
        }
        if (kept) stats.keptAfterChange += 1;
        for (const id of seen) requirements[id] = (requirements[id] ?? 0) + 1;
      }
      console.log(
        `${name}: traffic steps and requirement coverage over 500 scenarios`,
        stats,
        requirements,
      );
      const min = MINIMUMS[name];
      expect(stats.delivered).toBeGreaterThanOrEqual(min.delivered);
      expect(stats.blocked).toBeGreaterThanOrEqual(min.blocked);
      expect(stats.keptAfterChange).toBeGreaterThanOrEqual(min.keptAfterChange);
      const short = Object.entries(min.requirements).filter(
        ([id, n]) => (requirements[id] ?? 0) < n,
      );
      expect(short, 'requirements decided in too few scenarios [id, minimum]').toEqual([]);
    });
  },
);
