/** The L2 promises of a CloudStack basic zone, secondary addresses and migration (model only). */
import { describe, expect, it } from 'vitest';
import { ab, expectations, ids, oneSite, probe, rule, verdicts } from '../fixtures.ts';

const twoHosts = (steps: Parameters<typeof oneSite>[2]) =>
  oneSite(
    'cloudstack',
    {
      hosts: [
        { name: 'h1', site: 's1', publicIp: '192.0.2.11' },
        { name: 'h2', site: 's1', publicIp: '192.0.2.12' },
      ],
      instances: [
        { name: 'a', network: 'pub', host: 'h1' },
        { name: 'b', network: 'pub', host: 'h2', groups: ['web'] },
      ],
      groups: [{ name: 'web', rules: [rule('ingress', 'udp', '198.51.100.0/24', '53')] }],
    },
    steps,
  );

describe('L2 steps', () => {
  it('are dropped on cloudstack, each naming its promise', () => {
    const steps = [
      { op: 'macSpoof', from: 'a', to: 'b', port: 53 },
      { op: 'arpSpoof', from: 'a', to: 'b', claimed: '198.51.100.254' },
      { op: 'arpSpoof', from: 'a', to: 'b', claimed: '198.51.100.2', gratuitous: true },
      { op: 'broadcast', from: 'a', to: 'b', port: 53 },
      { op: 'broadcast', from: 'a', to: 'b', port: 53, multicast: true },
      { op: 'rogueDhcp', from: 'a', to: 'b' },
      { op: 'snoop', from: 'a', to: 'b', port: 53 },
    ] as const;
    const results = expectations(twoHosts([...steps]));
    expect(results.map((e) => (e.kind === 'traffic' ? e.delivered : e.kind))).toEqual(
      steps.map(() => false),
    );
    expect(results.map((e) => ids(e)[0])).toEqual([
      'L2-MAC-SPOOF',
      'L2-ARP-SPOOF',
      'L2-ARP-SPOOF',
      'L2-BUM-DROP',
      'L2-BUM-DROP',
      'L2-NO-ROGUE-DHCP',
      'L2-NO-SNOOP',
    ]);
  });

  it('are no-ops for an ARP the sender may send, on safespring, and across segments', () => {
    expect(
      verdicts(twoHosts([{ op: 'arpSpoof', from: 'a', to: 'b', claimed: '198.51.100.1' }])),
    ).toEqual(['noop']);
    expect(
      verdicts(ab('safespring', [], [{ op: 'macSpoof', from: 'a', to: 'b', port: 53 }])),
    ).toEqual(['noop']);
  });
});

describe('secondary addresses (L2-SECONDARY-IP)', () => {
  it('an added address may be a source, judged by the rules; others stay spoofed', () => {
    const results = expectations(
      twoHosts([
        { op: 'spoof', from: 'a', to: 'b', spoofedSource: '198.51.100.40', port: 53 },
        { op: 'addIp', instance: 'a', ip: '198.51.100.40' },
        { op: 'spoof', from: 'a', to: 'b', spoofedSource: '198.51.100.40', port: 53 },
        { op: 'spoof', from: 'a', to: 'b', spoofedSource: '198.51.100.40', port: 80 },
        { op: 'arpSpoof', from: 'a', to: 'b', claimed: '198.51.100.40' },
      ]),
    );
    expect(results.map((e) => e.kind)).toEqual(['traffic', 'config', 'traffic', 'traffic', 'noop']);
    expect(results[0]).toMatchObject({ delivered: false, requirements: ['NET-ANTISPOOF'] });
    expect(results[2]).toMatchObject({ delivered: true, seenFrom: '198.51.100.40' });
    expect(ids(results[2])).toContain('L2-SECONDARY-IP');
    expect(results[3]).toMatchObject({ delivered: false });
  });

  it('refuses an address outside the network or owned by another instance', () => {
    expect(
      verdicts(
        twoHosts([
          { op: 'addIp', instance: 'a', ip: '203.0.113.5' },
          { op: 'addIp', instance: 'a', ip: '198.51.100.2' },
        ]),
      ),
    ).toEqual(['noop', 'noop']);
  });
});

describe('migration (CS-MIGRATE)', () => {
  it('keeps judging new flows by the same groups and forgets the moved flows', () => {
    const results = expectations(
      twoHosts([
        { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
        { op: 'migrate', instance: 'b', host: 'h1' },
        { op: 'send', flow: 'f', direction: 'forward' },
        probe('a', 'b', 'udp', 53),
        probe('a', 'b', 'udp', 80),
        { op: 'migrate', instance: 'b', host: 'h1' },
        { op: 'migrate', instance: 'b', host: 'nowhere' },
      ]),
    );
    expect(results.map((e) => e.kind)).toEqual([
      'traffic',
      'config',
      'noop',
      'traffic',
      'traffic',
      'noop',
      'noop',
    ]);
    expect(ids(results[1])).toEqual(['CS-MIGRATE']);
    expect(results[3]).toMatchObject({ delivered: true });
    expect(results[4]).toMatchObject({ delivered: false });
    expect(ids(results[4])).toContain('CS-MIGRATE');
  });
});
