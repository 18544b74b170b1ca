/**
 * neutron's two L2 promises on the model. NEUTRON-BROADCAST: broadcast and multicast are
 * flooded to every port of the segment and judged there by the rules of both ends (the
 * sender's egress to the broadcast or group address, the receiver's ingress from the
 * sender), where cloudstack drops them (L2-BUM-DROP). NEUTRON-IP-MAC-PAIR: a frame from a
 * MAC the port does not own is dropped before any rule.
 */
import { describe, expect, it } from 'vitest';
import { blameStep, type ScenarioInput } from '../../../spec/index.ts';
import { expectations, ids, resolve, rule, verdicts } from '../fixtures.ts';

type Steps = NonNullable<ScenarioInput['steps']>;
type Rules = ReturnType<typeof rule>[];
const any = '0.0.0.0/0';
const pub = '198.51.100.0/26';

/** a (group out: `out`) and b (group in: `into`) on one segment; b on `bHost`; c elsewhere. */
function ab(
  out: Rules,
  into: Rules,
  steps: Steps,
  profile: 'neutron' | 'cloudstack' | 'safespring' = 'neutron',
  bHost = 'h1',
): ScenarioInput {
  return {
    profile,
    topology: {
      sites: [{ name: 's1' }],
      networks: [
        { name: 'pub', site: 's1', kind: 'public', cidr: pub },
        { name: 'other', site: 's1', kind: 'public', cidr: '198.51.100.64/26' },
      ],
      hosts: [
        { name: 'h1', site: 's1', publicIp: '192.0.2.11' },
        { name: 'h2', site: 's1', publicIp: '192.0.2.12' },
      ],
      instances: [
        { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
        { name: 'b', network: 'pub', host: bHost, groups: ['in'] },
        { name: 'c', network: 'other', host: 'h1', groups: ['in'] },
      ],
      groups: [
        { name: 'out', rules: out },
        { name: 'in', rules: into },
      ],
      externals: [],
    },
    steps,
  };
}

const broadcast = (port = 5000, multicast = false, to = 'b'): Steps[number] => ({
  op: 'broadcast',
  from: 'a',
  to,
  port,
  ...(multicast ? { multicast: true as const } : {}),
});
const macSpoof = (to = 'b'): Steps[number] => ({ op: 'macSpoof', from: 'a', to, port: 5000 });
const egressAny = rule('egress', 'any', any);
const udp5000 = rule('ingress', 'udp', pub, '5000');

describe('NEUTRON-BROADCAST', () => {
  it("is delivered where the receiver's rules admit it, on one host and on two", () => {
    for (const bHost of ['h1', 'h2'])
      expect(
        verdicts(ab([egressAny], [udp5000], [broadcast(), broadcast(5001)], 'neutron', bHost)),
      ).toEqual(['delivered from null', 'blocked']);
  });

  it('is dropped at a receiver whose rules admit nothing in', () => {
    const [e] = expectations(ab([egressAny], [], [broadcast()]));
    expect(e?.kind === 'traffic' && e.delivered).toBe(false);
    expect(ids(e)).toEqual(expect.arrayContaining(['NEUTRON-BROADCAST', 'SG-BOTH-ENDS']));
  });

  it("needs an egress rule to the broadcast address: a remote group or the segment's CIDR is not one", () => {
    const toMembers = { direction: 'egress', protocol: 'udp', remote: { group: 'in' } } as const;
    for (const out of [[], [toMembers], [rule('egress', 'udp', pub)]])
      expect(verdicts(ab(out, [udp5000], [broadcast()]))).toEqual(['blocked']);
    expect(
      verdicts(ab([rule('egress', 'udp', '255.255.255.255/32')], [udp5000], [broadcast()])),
    ).toEqual(['delivered from null']);
  });

  it('a remote-group ingress rule admits a member sender', () => {
    const fromOut = { direction: 'ingress', protocol: 'udp', remote: { group: 'out' } } as const;
    expect(verdicts(ab([egressAny], [fromOut], [broadcast()]))).toEqual(['delivered from null']);
  });

  it('multicast to the probe group is judged the same way', () => {
    expect(verdicts(ab([egressAny], [udp5000], [broadcast(5000, true)]))).toEqual([
      'delivered from null',
    ]);
    expect(verdicts(ab([rule('egress', 'udp', pub)], [udp5000], [broadcast(5000, true)]))).toEqual([
      'blocked',
    ]);
  });

  it('is a no-op across segments; cloudstack drops it whatever the rules (L2-BUM-DROP)', () => {
    expect(verdicts(ab([egressAny], [udp5000], [broadcast(5000, false, 'c')]))).toEqual(['noop']);
    const [e] = expectations(ab([egressAny], [udp5000], [broadcast()], 'cloudstack'));
    expect(e?.kind === 'traffic' && e.delivered).toBe(false);
    expect(ids(e)).toEqual(['L2-BUM-DROP']);
  });

  it('is blamed both ways: dropped when admitted, delivered past a receiver that refuses it', () => {
    const admitted = ab([egressAny], [udp5000], [broadcast()]);
    expect(blameStep(resolve(admitted), 0, { delivered: false, seenFrom: null }).violated).toEqual([
      'NEUTRON-BROADCAST',
    ]);
    const refused = ab([egressAny], [], [broadcast()]);
    expect(blameStep(resolve(refused), 0, { delivered: true, seenFrom: null }).violated).toEqual([
      'NEUTRON-BROADCAST',
    ]);
  });
});

describe('NEUTRON-IP-MAC-PAIR', () => {
  it('drops a frame from a foreign MAC, even where the rules admit its datagram', () => {
    const [e] = expectations(ab([egressAny], [udp5000], [macSpoof()]));
    expect(e?.kind === 'traffic' && e.delivered).toBe(false);
    expect(ids(e)).toEqual(['NEUTRON-IP-MAC-PAIR']);
    const blame = blameStep(resolve(ab([egressAny], [udp5000], [macSpoof()])), 0, {
      delivered: true,
      seenFrom: null,
    });
    expect(blame.violated).toEqual(['NEUTRON-IP-MAC-PAIR']);
  });

  it('cloudstack keeps it as L2-MAC-SPOOF; safespring makes no L2 promise', () => {
    expect(ids(expectations(ab([egressAny], [udp5000], [macSpoof()], 'cloudstack'))[0])).toEqual([
      'L2-MAC-SPOOF',
    ]);
    expect(verdicts(ab([egressAny], [udp5000], [macSpoof()], 'safespring'))).toEqual(['noop']);
  });
});
