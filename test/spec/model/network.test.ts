/** NET-*: NAT source addresses, private isolation, sites, externals, anti-spoofing. */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../spec/index.ts';
import { expectations, ids, probe, rule, verdicts } from '../fixtures.ts';

type Steps = NonNullable<ScenarioInput['steps']>;
const open = (name: string) => ({
  name,
  rules: [rule('egress', 'any', '0.0.0.0/0'), rule('ingress', 'any', '0.0.0.0/0')],
});

/**
 * Two sites. s1: pub1 (198.51.100.10), nat1 (100.64.0.10 on h1a, 192.0.2.11), nat1b
 * (100.64.0.11 on h1b, 192.0.2.12), priv1 (100.65.0.10). s2: pub2 (198.51.100.140),
 * nat2 (100.66.0.10, h2 192.0.2.21), priv2 (100.67.0.10). External ext (203.0.113.11).
 * Everyone is in `all` (any in, any out) unless `groups` says otherwise.
 */
function twoSites(steps: Steps, groups = [open('all')], membership = ['all']): ScenarioInput {
  const i = (name: string, network: string, host: string, ip: string) => ({
    name,
    network,
    host,
    ip,
    groups: membership,
  });
  return {
    profile: 'safespring',
    topology: {
      sites: [{ name: 's1' }, { name: 's2' }],
      networks: [
        { name: 'pub-s1', site: 's1', kind: 'public', cidr: '198.51.100.0/25' },
        { name: 'nat-s1', site: 's1', kind: 'nat', cidr: '100.64.0.0/16' },
        { name: 'priv-s1', site: 's1', kind: 'private', cidr: '100.65.0.0/16' },
        { name: 'pub-s2', site: 's2', kind: 'public', cidr: '198.51.100.128/25' },
        { name: 'nat-s2', site: 's2', kind: 'nat', cidr: '100.66.0.0/16' },
        { name: 'priv-s2', site: 's2', kind: 'private', cidr: '100.67.0.0/16' },
      ],
      hosts: [
        { name: 'h1a', site: 's1', publicIp: '192.0.2.11' },
        { name: 'h1b', site: 's1', publicIp: '192.0.2.12' },
        { name: 'h2', site: 's2', publicIp: '192.0.2.21' },
      ],
      instances: [
        i('pub1', 'pub-s1', 'h1a', '198.51.100.10'),
        i('nat1', 'nat-s1', 'h1a', '100.64.0.10'),
        i('nat1b', 'nat-s1', 'h1b', '100.64.0.11'),
        i('priv1', 'priv-s1', 'h1a', '100.65.0.10'),
        i('pub2', 'pub-s2', 'h2', '198.51.100.140'),
        i('nat2', 'nat-s2', 'h2', '100.66.0.10'),
        i('priv2', 'priv-s2', 'h2', '100.67.0.10'),
      ],
      groups,
      externals: [
        { name: 'ext', ip: '203.0.113.11' },
        { name: 'ext2', ip: '203.0.113.12' },
      ],
    },
    steps,
  };
}

describe('NAT (NET-NAT-OUT, NET-NAT-IN, NET-INTERNAL-NO-NAT)', () => {
  it("the Internet sees a nat instance as its own compute host's public address", () => {
    expect(
      verdicts(
        twoSites([
          probe('nat1', 'ext', 'tcp', 443),
          probe('nat1b', 'ext', 'udp', 53),
          probe('nat1', 'ext', 'icmp'),
        ]),
      ),
    ).toEqual([
      'delivered from 192.0.2.11',
      'delivered from 192.0.2.12',
      'delivered from 192.0.2.11',
    ]);
  });
  it('inside the site nothing is NATed, whatever the network kinds', () => {
    const got = expectations(
      twoSites([
        probe('nat1', 'pub1', 'tcp', 80),
        probe('nat1', 'nat1b', 'tcp', 80),
        probe('priv1', 'nat1', 'tcp', 80),
      ]),
    );
    expect(got.map((e) => (e.kind === 'traffic' ? e.seenFrom : null))).toEqual([
      '100.64.0.10',
      '100.64.0.10',
      '100.65.0.10',
    ]);
    expect(ids(got[0])).toContain('NET-INTERNAL-NO-NAT');
  });
  it('nothing outside the site can start a flow to a nat instance, whatever the rules', () => {
    const got = expectations(
      twoSites([
        probe('ext', 'nat1', 'tcp', 80),
        probe('pub2', 'nat1', 'tcp', 80),
        probe('nat2', 'nat1', 'icmp'),
      ]),
    );
    expect(got.map((e) => e.kind === 'traffic' && e.delivered)).toEqual([false, false, false]);
    for (const e of got) expect(ids(e)).toContain('NET-NAT-IN');
  });
  it("across sites, the receiver's rules match the masquerade address, not the instance's", () => {
    const groups = [
      { name: 'src', rules: [rule('egress', 'any', '0.0.0.0/0')] },
      { name: 'by-host', rules: [rule('ingress', 'tcp', '192.0.2.11/32', '80')] },
      { name: 'by-ip', rules: [rule('ingress', 'tcp', '100.64.0.10/32', '81')] },
      { name: 'by-group', rules: [rule('ingress', 'tcp', { group: 'src' }, '82')] },
    ];
    const input = twoSites(
      [
        { op: 'attachGroup', instance: 'pub2', group: 'by-host' },
        { op: 'attachGroup', instance: 'pub2', group: 'by-ip' },
        { op: 'attachGroup', instance: 'pub2', group: 'by-group' },
        probe('nat1', 'pub2', 'tcp', 80),
        probe('nat1', 'pub2', 'tcp', 81),
        probe('nat1', 'pub2', 'tcp', 82),
        probe('pub1', 'pub2', 'tcp', 82),
      ],
      groups,
      ['src'],
    );
    expect(verdicts(input).slice(3)).toEqual([
      'delivered from 192.0.2.11',
      'blocked',
      'blocked',
      'delivered from 198.51.100.10',
    ]);
  });
});

describe('private networks (NET-PRIVATE)', () => {
  it('never reach or are reached from the Internet, whatever the rules', () => {
    const got = expectations(
      twoSites([
        probe('priv1', 'ext', 'tcp', 443),
        probe('ext', 'priv1', 'tcp', 22),
        probe('priv1', 'ext', 'icmp'),
        probe('priv1', 'pub2', 'tcp', 80),
        probe('pub2', 'priv1', 'tcp', 80),
      ]),
    );
    expect(got.map((e) => e.kind === 'traffic' && e.delivered)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    for (const e of got) expect(ids(e)).toContain('NET-PRIVATE');
  });
  it('talk to instances of their own site per rules', () => {
    expect(
      verdicts(twoSites([probe('priv1', 'pub1', 'tcp', 80), probe('pub1', 'priv1', 'tcp', 80)])),
    ).toEqual(['delivered from 100.65.0.10', 'delivered from 198.51.100.10']);
  });
});

describe('sites (NET-SITES) and the Internet (NET-PUBLIC, NET-EXTERNAL)', () => {
  it('public instances of different sites talk through the Internet with their own addresses', () => {
    const got = expectations(
      twoSites([probe('pub1', 'pub2', 'tcp', 80), probe('pub2', 'pub1', 'udp', 53)]),
    );
    expect(got.map((e) => (e.kind === 'traffic' ? e.seenFrom : null))).toEqual([
      '198.51.100.10',
      '198.51.100.140',
    ]);
    expect(ids(got[0])).toEqual(expect.arrayContaining(['NET-SITES', 'NET-PUBLIC']));
  });
  it('cross-site traffic still needs egress at the source and ingress at the destination', () => {
    const groups = [open('all'), { name: 'none', rules: [] }];
    const input = twoSites(
      [
        { op: 'detachGroup', instance: 'pub2', group: 'all' },
        { op: 'attachGroup', instance: 'pub2', group: 'none' },
        probe('pub1', 'pub2', 'tcp', 80),
      ],
      groups,
    );
    expect(verdicts(input)).toEqual(['config', 'config', 'blocked']);
  });
  it('external hosts are unfiltered among themselves', () => {
    const got = expectations(twoSites([probe('ext', 'ext2', 'tcp', 1)]));
    expect(got.map((e) => (e.kind === 'traffic' ? e.seenFrom : null))).toEqual(['203.0.113.11']);
    expect(ids(got[0])).toEqual(['NET-EXTERNAL']);
  });
});

describe('anti-spoofing (NET-ANTISPOOF)', () => {
  it('a datagram with a source the instance does not own is never delivered, whatever the rules', () => {
    const got = expectations(
      twoSites([
        { op: 'spoof', from: 'pub1', to: 'nat1', spoofedSource: '100.64.0.11', port: 53 },
        { op: 'spoof', from: 'pub1', to: 'ext', spoofedSource: '203.0.113.99', port: 53 },
      ]),
    );
    expect(got.map((e) => e.kind === 'traffic' && e.delivered)).toEqual([false, false]);
    expect(ids(got[0])).toEqual(['NET-ANTISPOOF']);
  });
  it("the instance's own address, an external sender or an absent endpoint make a no-op", () => {
    expect(
      verdicts(
        twoSites([
          { op: 'spoof', from: 'pub1', to: 'ext', spoofedSource: '198.51.100.10', port: 53 },
          { op: 'spoof', from: 'ext', to: 'pub1', spoofedSource: '203.0.113.99', port: 53 },
          { op: 'spoof', from: 'ghost', to: 'pub1', spoofedSource: '203.0.113.99', port: 53 },
        ]),
      ),
    ).toEqual(['noop', 'noop', 'noop']);
  });
});
