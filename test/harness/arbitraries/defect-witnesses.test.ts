/**
 * `defectWitnesses` on hand-written safespring scenarios: each witness is reported
 * for the scenario that shows its defect, and not for a near miss.
 */
import { describe, expect, it } from 'vitest';
import { defectWitnesses, type DefectWitness } from '../../../harness/arbitraries/index.ts';
import type { ScenarioInput } from '../../../spec/index.ts';

type Steps = NonNullable<ScenarioInput['steps']>;

// web is in sg1, app in sg1 and sg2, db in sg2; sg2 admits tcp from members of sg1.
const topology: ScenarioInput['topology'] = {
  sites: [{ name: 'sto1' }],
  networks: [
    { name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/26' },
    { name: 'nat', site: 'sto1', kind: 'nat', cidr: '100.64.0.0/24' },
  ],
  hosts: [{ name: 'cmp1', site: 'sto1', publicIp: '192.0.2.10' }],
  instances: [
    { name: 'web', network: 'pub', host: 'cmp1', ip: '198.51.100.10', groups: ['sg1'] },
    { name: 'app', network: 'nat', host: 'cmp1', ip: '100.64.0.10', groups: ['sg1', 'sg2'] },
    { name: 'db', network: 'nat', host: 'cmp1', ip: '100.64.0.11', groups: ['sg2'] },
  ],
  externals: [{ name: 'ext1', ip: '203.0.113.10' }],
  groups: [
    { name: 'sg1', rules: [] },
    { name: 'sg2', rules: [{ direction: 'ingress', protocol: 'tcp', remote: { group: 'sg1' } }] },
  ],
};
const witnessesOf = (steps: Steps): DefectWitness[] =>
  defectWitnesses({ profile: 'safespring', topology, steps });

const anywhere = { cidr: '0.0.0.0/0' } as const;
const sg1Egress = {
  op: 'addRule',
  group: 'sg1',
  rule: { direction: 'egress', protocol: 'any', remote: anywhere },
} as const;
const ingress = (group: string, protocol: 'tcp' | 'udp', ports: string) =>
  ({
    op: 'addRule',
    group,
    rule: { direction: 'ingress', protocol, ports, remote: anywhere },
  }) as const;
const probe = (from: string, to: string, protocol: 'tcp' | 'udp', port: number) =>
  ({ op: 'probe', from, to, protocol, port }) as const;

describe('defectWitnesses', () => {
  it('sees a flow admitted only by the second group of its destination', () => {
    const through = (group: string) =>
      witnessesOf([sg1Egress, ingress(group, 'udp', '53'), probe('web', 'app', 'udp', 53)]);
    expect(through('sg2')).toContain('admitted-only-by-a-later-group');
    expect(through('sg1')).not.toContain('admitted-only-by-a-later-group');
  });

  it('sees a probe with the other protocol on a port a rule covers', () => {
    expect(witnessesOf([sg1Egress, probe('web', 'db', 'udp', 22)])).toContain(
      'other-protocol-on-a-rule-port',
    );
    expect(witnessesOf([sg1Egress, probe('web', 'db', 'tcp', 22)])).not.toContain(
      'other-protocol-on-a-rule-port',
    );
  });

  it('sees a probe refused because the group that granted it was detached', () => {
    const detach = { op: 'detachGroup', instance: 'db', group: 'sg2' } as const;
    const p = probe('web', 'db', 'tcp', 22);
    expect(witnessesOf([sg1Egress, detach, p])).toContain('refused-after-detaching-its-group');
    expect(witnessesOf([sg1Egress, p, detach])).not.toContain('refused-after-detaching-its-group');
  });

  it('sees a reply only conntrack admits, after a configuration change', () => {
    const open = {
      op: 'open',
      flow: 'f1',
      from: 'web',
      to: 'db',
      protocol: 'tcp',
      port: 22,
    } as const;
    const reply = { op: 'send', flow: 'f1', direction: 'reply' } as const;
    const change = ingress('sg1', 'udp', '53');
    expect(witnessesOf([sg1Egress, open, change, reply])).toContain(
      'reply-after-change-needs-conntrack',
    );
    expect(witnessesOf([sg1Egress, change, open, reply])).not.toContain(
      'reply-after-change-needs-conntrack',
    );
  });

  it('sees traffic decided by a remote-group member that joined after the first apply', () => {
    const join = { op: 'attachGroup', instance: 'db', group: 'sg1' } as const;
    expect(witnessesOf([sg1Egress, join, probe('db', 'app', 'tcp', 22)])).toContain(
      'remote-group-membership-changed',
    );
    expect(witnessesOf([sg1Egress, join, probe('web', 'app', 'tcp', 22)])).not.toContain(
      'remote-group-membership-changed',
    );
  });

  it('sees a probe admitted at the upper port of a range rule', () => {
    const range = ingress('sg2', 'udp', '1000-1002');
    expect(witnessesOf([sg1Egress, range, probe('web', 'db', 'udp', 1002)])).toContain(
      'admitted-at-a-port-upper-bound',
    );
    expect(witnessesOf([sg1Egress, range, probe('web', 'db', 'udp', 1001)])).not.toContain(
      'admitted-at-a-port-upper-bound',
    );
  });

  it('reports nothing for an invalid scenario', () => {
    expect(witnessesOf([probe('web', 'nobody', 'tcp', 22)])).toEqual([]);
  });
});
