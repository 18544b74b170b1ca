/**
 * The pattern classifier on hand-written scenarios, and the generator's bias: a
 * fixed-seed sample of safespring scenarios must contain every pattern the mutant
 * drivers need, and every defect witness (minimum counts; the distribution is printed).
 * The witnesses' own tests are in defect-witnesses.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFECT_WITNESSES,
  SCENARIO_PATTERNS,
  defaultGeneratorOptions,
  defectWitnesses,
  scenarioArbitrary,
  scenarioPatterns,
  type DefectWitness,
  type ScenarioPattern,
} from '../../../harness/arbitraries/index.ts';
import type { ScenarioInput } from '../../../spec/index.ts';

const topology: ScenarioInput['topology'] = {
  sites: [{ name: 'sto1' }],
  networks: [
    { name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/26' },
    { name: 'nat', site: 'sto1', kind: 'nat', cidr: '100.64.0.0/24' },
    { name: 'priv', site: 'sto1', kind: 'private', cidr: '100.65.0.0/24' },
  ],
  hosts: [{ name: 'cmp1', site: 'sto1', publicIp: '192.0.2.10' }],
  instances: [
    { name: 'web', network: 'pub', host: 'cmp1', ip: '198.51.100.10', groups: ['sg1'] },
    { name: 'app', network: 'nat', host: 'cmp1', ip: '100.64.0.10', groups: ['sg1', 'sg2'] },
    { name: 'db', network: 'priv', host: 'cmp1', ip: '100.65.0.10', groups: ['sg2'] },
  ],
  externals: [{ name: 'ext1', ip: '203.0.113.10' }],
  groups: [
    { name: 'sg1', rules: [] },
    { name: 'sg2', rules: [{ direction: 'ingress', protocol: 'tcp', remote: { group: 'sg1' } }] },
  ],
};
const wideEgress = { direction: 'egress', protocol: 'any', remote: { cidr: '0.0.0.0/0' } } as const;
const patternsOf = (steps: ScenarioInput['steps']): ScenarioPattern[] =>
  scenarioPatterns({ profile: 'safespring', topology, steps });

describe('scenarioPatterns', () => {
  it('sees a reply after a rule change, but not a reply with no change since the open', () => {
    const open = {
      op: 'open',
      flow: 'f1',
      from: 'web',
      to: 'ext1',
      protocol: 'tcp',
      port: 22,
    } as const;
    const reply = { op: 'send', flow: 'f1', direction: 'reply' } as const;
    const change = { op: 'addRule', group: 'sg1', rule: wideEgress } as const;
    expect(patternsOf([open, change, reply])).toContain('reply-after-change');
    expect(patternsOf([change, open, reply])).not.toContain('reply-after-change');
  });

  it('sees nat and private instances probing the Internet', () => {
    const probe = (from: string) =>
      ({ op: 'probe', from, to: 'ext1', protocol: 'udp', port: 53 }) as const;
    expect(patternsOf([probe('app')])).toEqual(['nat-to-internet']);
    expect(patternsOf([probe('db')])).not.toContain('private-to-internet-wide-egress');
    expect(patternsOf([{ op: 'addRule', group: 'sg2', rule: wideEgress }, probe('db')])).toContain(
      'private-to-internet-wide-egress',
    );
  });

  it('sees a probe at the upper bound of a range only when a rule has that range', () => {
    const probe = { op: 'probe', from: 'web', to: 'app', protocol: 'tcp', port: 1005 } as const;
    const range = {
      direction: 'ingress',
      protocol: 'tcp',
      ports: '1003-1005',
      remote: { cidr: '0.0.0.0/0' },
    } as const;
    expect(patternsOf([probe])).not.toContain('range-upper-bound-probe');
    expect(patternsOf([{ op: 'addRule', group: 'sg2', rule: range }, probe])).toContain(
      'range-upper-bound-probe',
    );
  });

  it('sees a remote-group membership change followed by traffic', () => {
    const detach = { op: 'detachGroup', instance: 'web', group: 'sg1' } as const;
    const probe = { op: 'probe', from: 'web', to: 'db', protocol: 'tcp', port: 22 } as const;
    expect(patternsOf([detach, probe])).toContain('remote-group-change-then-traffic');
    expect(patternsOf([probe, detach])).not.toContain('remote-group-change-then-traffic');
    expect(patternsOf([{ op: 'detachGroup', instance: 'db', group: 'sg2' }, probe])).not.toContain(
      'remote-group-change-then-traffic',
    );
  });
});

describe('generation bias (safespring, 500 scenarios, seed 4242)', () => {
  it('produces every interesting pattern often enough', () => {
    const samples = fc.sample(scenarioArbitrary(defaultGeneratorOptions('safespring')), {
      seed: 4242,
      numRuns: 500,
    });
    const counts = Object.fromEntries(SCENARIO_PATTERNS.map((p) => [p, 0])) as Record<
      ScenarioPattern,
      number
    >;
    for (const s of samples) for (const p of scenarioPatterns(s)) counts[p] += 1;
    console.log('pattern distribution over 500 safespring scenarios:', counts);
    // Minimums well below what the weights give (about half), so the test guards the bias, not noise.
    const minimum: Partial<Record<ScenarioPattern, number>> = {
      'reply-after-change': 60,
      'nat-to-internet': 50,
      'private-to-internet-wide-egress': 40,
      'internet-to-nat-or-private': 20,
      'range-upper-bound-probe': 30,
      spoof: 25,
      'remote-group-change-then-traffic': 40,
      'icmp-without-icmp-rule': 60,
      'traffic-to-two-group-instance': 30,
      'instance-without-group': 40,
    };
    const short = Object.entries(minimum).filter(
      ([pattern, min]) => counts[pattern as ScenarioPattern] < (min ?? 0),
    );
    expect(short, 'patterns below their minimum count [pattern, minimum]').toEqual([]);
    // Two sites by default (GENERATOR_DEFAULTS), as `run` and `mutants` generate: some traffic crosses sites.
    expect(counts['cross-site-traffic']).toBeGreaterThan(0);
  });

  it('produces a witness of each classic defect often enough', () => {
    const samples = fc.sample(scenarioArbitrary(defaultGeneratorOptions('safespring')), {
      seed: 4242,
      numRuns: 500,
    });
    const counts = Object.fromEntries(DEFECT_WITNESSES.map((w) => [w, 0])) as Record<
      DefectWitness,
      number
    >;
    for (const s of samples) for (const w of defectWitnesses(s)) counts[w] += 1;
    console.log('defect witnesses over 500 safespring scenarios:', counts);
    // About half the observed counts; each defect was once witnessed in 1-3% of scenarios.
    const minimum: Record<DefectWitness, number> = {
      'admitted-only-by-a-later-group': 30,
      'other-protocol-on-a-rule-port': 40,
      'refused-after-detaching-its-group': 25,
      'reply-after-change-needs-conntrack': 28,
      'remote-group-membership-changed': 30,
      'admitted-at-a-port-upper-bound': 55,
    };
    const short = DEFECT_WITNESSES.filter((w) => counts[w] < minimum[w]).map((w) => [
      w,
      minimum[w],
    ]);
    expect(short, 'witnesses below their minimum count [witness, minimum]').toEqual([]);
  });
});
