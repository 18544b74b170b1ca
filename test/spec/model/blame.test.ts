/** Blame: which deciding requirement's relaxation explains an observation. */
import { describe, expect, it } from 'vitest';
import { blameStep, type ObservedOutcome, type ScenarioInput } from '../../../spec/index.ts';
import { ab, oneSite, probe, resolve, rule } from '../fixtures.ts';

const blocked: ObservedOutcome = { delivered: false, seenFrom: null };
const from = (ip: string): ObservedOutcome => ({ delivered: true, seenFrom: ip });

/** Blame for the last step of `input` observed as `observed`. */
function blameLast(input: ScenarioInput, observed: ObservedOutcome) {
  const scenario = resolve(input);
  return blameStep(scenario, scenario.steps.length - 1, observed);
}

/** One instance `n` on network `network` (in `groups`) and the external `ext`. */
const alone = (
  network: string,
  groups: { name: string; rules: ReturnType<typeof rule>[] }[],
  steps: NonNullable<ScenarioInput['steps']>,
): ScenarioInput =>
  oneSite(
    'safespring',
    {
      instances: [{ name: 'n', network, host: 'h1', groups: groups.map((g) => g.name) }],
      groups,
    },
    steps,
  );

const egressAll = [{ name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] }];

describe('blameStep', () => {
  it('a blocked tcp open whose rules admit it is undetermined between CT-REPLY and SG-MATCH: one probe cannot tell a dropped SYN-ACK from a dropped SYN (follow-up probes can, see follow-up.test.ts)', () => {
    const blame = blameLast(
      ab('safespring', [rule('ingress', 'tcp', '0.0.0.0/0', '22')], [probe('a', 'b', 'tcp', 22)]),
      blocked,
    );
    expect(blame.violated).toEqual([]);
    expect(blame.undetermined).toBe(true);
    expect([...blame.candidates].sort()).toEqual(['CT-REPLY', 'SG-MATCH']);
    expect(blame.involved).toEqual(
      expect.arrayContaining(['SG-BOTH-ENDS', 'CT-REPLY', 'SG-MATCH']),
    );
  });

  it('CT-REPLY explains a reply that does not come back', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'udp', '0.0.0.0/0', '53')],
      [
        { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
        { op: 'send', flow: 'f', direction: 'reply' },
      ],
    );
    expect(blameLast(input, blocked)).toEqual({
      violated: ['CT-REPLY'],
      involved: [],
      undetermined: false,
      candidates: [],
    });
  });

  it('SG-MATCH explains a blocked udp probe at the bound of its port range (no reply involved)', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'udp', '0.0.0.0/0', '8000-8080')],
      [probe('a', 'b', 'udp', 8080)],
    );
    expect(blameLast(input, blocked).violated).toEqual(['SG-MATCH']);
  });

  it('nothing explains a blocked flow between two Internet hosts: undetermined', () => {
    const input = oneSite(
      'safespring',
      {
        externals: [
          { name: 'x', ip: '203.0.113.11' },
          { name: 'y', ip: '203.0.113.12' },
        ],
      },
      [probe('x', 'y', 'udp', 53)],
    );
    expect(blameLast(input, blocked)).toEqual({
      violated: [],
      involved: ['NET-EXTERNAL'],
      undetermined: true,
      candidates: [],
    });
  });

  it('SG-MATCH (directions swapped) explains a blocked udp probe deep inside an any-port rule', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'any', '0.0.0.0/0')],
      [probe('a', 'b', 'udp', 5000)],
    );
    expect(blameLast(input, blocked).violated).toEqual(['SG-MATCH']);
  });

  it('SG-MATCH (protocol) explains udp delivered through a tcp rule; SG-BOTH-ENDS is only involved', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'tcp', '0.0.0.0/0', '443')],
      [probe('a', 'b', 'udp', 443)],
    );
    expect(blameLast(input, from('198.51.100.1'))).toEqual({
      violated: ['SG-MATCH'],
      involved: ['SG-BOTH-ENDS'],
      undetermined: false,
      candidates: [],
    });
  });

  it('SG-MATCH (a side left unfiltered) explains an instance with no egress rule reaching the Internet', () => {
    // The 1-step repro of mutant egress-return (a stray RETURN in the egress chain): with
    // one filtering end there is no SG-BOTH-ENDS to blame, and before this nothing was.
    const input = alone('pub', [{ name: 'closed', rules: [] }], [probe('n', 'ext', 'udp', 53)]);
    const n = resolve(input).topology.instances[0]!.ip;
    expect(blameLast(input, from(n))).toEqual({
      violated: ['SG-MATCH'],
      involved: [],
      undetermined: false,
      candidates: [],
    });
  });

  it('one end left unfiltered between two instances stays SG-BOTH-ENDS, not SG-MATCH', () => {
    const input = ab('safespring', [], [probe('a', 'b', 'udp', 53)]);
    const blame = blameLast(input, from(resolve(input).topology.instances[0]!.ip));
    expect(blame.violated).toEqual(['SG-BOTH-ENDS']);
    expect(blame.involved).toContain('SG-MATCH');
  });

  it('NET-NAT-OUT explains a nat instance seen from its pool address; SG-MATCH is involved', () => {
    const input = alone('nat', egressAll, [probe('n', 'ext', 'udp', 53)]);
    const n = resolve(input).topology.instances[0]!.ip;
    expect(blameLast(input, from(n))).toEqual({
      violated: ['NET-NAT-OUT'],
      involved: ['SG-MATCH'],
      undetermined: false,
      candidates: [],
    });
  });

  it('NET-NAT-OUT explains a blocked tcp flow from a nat instance; CT-REPLY and SG-MATCH are involved', () => {
    const input = alone('nat', egressAll, [probe('n', 'ext', 'tcp', 443)]);
    const blame = blameLast(input, blocked);
    expect(blame.violated).toEqual(['NET-NAT-OUT']);
    expect([...blame.involved].sort()).toEqual(['CT-REPLY', 'SG-MATCH']);
  });

  it('NET-PRIVATE explains a private instance reaching the Internet masqueraded', () => {
    const input = alone('priv', egressAll, [probe('n', 'ext', 'udp', 53)]);
    expect(blameLast(input, from('192.0.2.11')).violated).toEqual(['NET-PRIVATE']);
  });

  it('NET-NAT-IN explains the Internet reaching a nat instance', () => {
    const input = alone(
      'nat',
      [{ name: 'in', rules: [rule('ingress', 'any', '0.0.0.0/0')] }],
      [probe('ext', 'n', 'udp', 53)],
    );
    expect(blameLast(input, from('203.0.113.11')).violated).toEqual(['NET-NAT-IN']);
  });

  it('NET-INTERNAL-NO-NAT explains an instance seen from its host address', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'udp', '0.0.0.0/0')],
      [probe('a', 'b', 'udp', 53)],
    );
    expect(blameLast(input, from('192.0.2.11')).violated).toEqual(['NET-INTERNAL-NO-NAT']);
  });

  it('SG-NONE explains traffic delivered to an instance in no group', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [
          { name: 'a', network: 'pub', host: 'h1', groups: [] },
          { name: 'b', network: 'pub', host: 'h1', groups: [] },
        ],
      },
      [probe('a', 'b', 'icmp')],
    );
    expect(blameLast(input, from('198.51.100.1')).violated).toEqual(['SG-NONE']);
  });

  it('SG-REMOTE-GROUP explains a new member refused by a stale remote group', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [
          { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
          { name: 'b', network: 'pub', host: 'h1', groups: ['in'] },
        ],
        groups: [
          { name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] },
          { name: 'in', rules: [rule('ingress', 'udp', { group: 'out' }, '53')] },
          { name: 'other', rules: [rule('egress', 'any', '0.0.0.0/0')] },
        ],
      },
      [
        { op: 'detachGroup', instance: 'a', group: 'out' },
        { op: 'attachGroup', instance: 'a', group: 'out' },
        probe('a', 'b', 'udp', 53),
      ],
    );
    expect(blameLast(input, blocked).violated).toEqual(['SG-REMOTE-GROUP']);
  });

  it('CT-KEEP-ON-REMOVE explains an established flow cut by a rule removal; CT-ESTABLISHED is involved', () => {
    const ingress = rule('ingress', 'tcp', '0.0.0.0/0', '22');
    const input = ab(
      'safespring',
      [ingress],
      [
        { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'tcp', port: 22 },
        { op: 'removeRule', group: 'in', rule: ingress },
        { op: 'send', flow: 'f', direction: 'forward' },
      ],
    );
    expect(blameLast(input, blocked)).toEqual({
      violated: ['CT-KEEP-ON-REMOVE'],
      involved: ['CT-ESTABLISHED'],
      undetermined: false,
      candidates: [],
    });
  });

  it('NET-ANTISPOOF explains a spoofed packet that arrives', () => {
    const input = ab(
      'safespring',
      [rule('ingress', 'any', '0.0.0.0/0')],
      [{ op: 'spoof', from: 'a', to: 'b', spoofedSource: '198.51.100.99', port: 53 }],
    );
    expect(blameLast(input, from('198.51.100.99')).violated).toEqual(['NET-ANTISPOOF']);
  });
});
