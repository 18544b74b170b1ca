/** SG-MATCH and SG-REMOTE-GROUP: what a rule admits, and the union over groups. */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../spec/index.ts';
import { ab, expectations, ids, oneSite, probe, rule, verdicts } from '../fixtures.ts';

type Steps = NonNullable<ScenarioInput['steps']>;

const A = 'delivered from 198.51.100.1';

describe('port ranges', () => {
  it('an inclusive range admits its bounds and nothing beyond', () => {
    const steps = [999, 1000, 1500, 2000, 2001].map((p) => probe('a', 'b', 'tcp', p));
    expect(
      verdicts(ab('safespring', [rule('ingress', 'tcp', '0.0.0.0/0', '1000-2000')], steps)),
    ).toEqual(['blocked', A, A, A, 'blocked']);
  });
  it('a single port admits exactly that port', () => {
    const steps = [442, 443, 444].map((p) => probe('a', 'b', 'tcp', p));
    expect(verdicts(ab('safespring', [rule('ingress', 'tcp', '0.0.0.0/0', '443')], steps))).toEqual(
      ['blocked', A, 'blocked'],
    );
  });
  it('a tcp rule without ports admits every tcp port and no udp', () => {
    const steps = [
      probe('a', 'b', 'tcp', 1),
      probe('a', 'b', 'tcp', 65535),
      probe('a', 'b', 'udp', 53),
      probe('a', 'b', 'icmp'),
    ];
    expect(verdicts(ab('safespring', [rule('ingress', 'tcp', '0.0.0.0/0')], steps))).toEqual([
      A,
      A,
      'blocked',
      'blocked',
    ]);
  });
});

describe('protocols', () => {
  it('"any" admits tcp, udp and icmp', () => {
    const steps = [
      probe('a', 'b', 'tcp', 22),
      probe('a', 'b', 'udp', 5353),
      probe('a', 'b', 'icmp'),
    ];
    expect(verdicts(ab('safespring', [rule('ingress', 'any', '198.51.100.0/24')], steps))).toEqual([
      A,
      A,
      A,
    ]);
  });
  it('an icmp rule admits echo only', () => {
    const steps = [probe('a', 'b', 'icmp'), probe('a', 'b', 'tcp', 7), probe('a', 'b', 'udp', 7)];
    expect(verdicts(ab('safespring', [rule('ingress', 'icmp', '0.0.0.0/0')], steps))).toEqual([
      A,
      'blocked',
      'blocked',
    ]);
  });
});

describe('remote CIDR', () => {
  it('a /32 matches that address only', () => {
    const steps = [probe('a', 'b', 'tcp', 80)];
    expect(
      verdicts(ab('safespring', [rule('ingress', 'tcp', '198.51.100.1/32', '80')], steps)),
    ).toEqual([A]);
    expect(
      verdicts(ab('safespring', [rule('ingress', 'tcp', '198.51.100.3/32', '80')], steps)),
    ).toEqual(['blocked']);
  });
});

describe('remote groups follow current membership', () => {
  it('attach admits, detach refuses again', () => {
    const steps: Steps = [
      probe('a', 'b', 'tcp', 5432),
      { op: 'attachGroup', instance: 'a', group: 'clients' },
      probe('a', 'b', 'tcp', 5432),
      { op: 'detachGroup', instance: 'a', group: 'clients' },
      probe('a', 'b', 'tcp', 5432),
    ];
    const input = ab('safespring', [rule('ingress', 'tcp', { group: 'clients' }, '5432')], steps, [
      { name: 'clients', rules: [] },
    ]);
    const got = expectations(input);
    expect(got.map((e) => (e.kind === 'traffic' ? e.delivered : e.kind))).toEqual([
      false,
      'config',
      true,
      'config',
      false,
    ]);
    expect(ids(got[1])).toContain('SG-REMOTE-GROUP');
    expect(ids(got[2])).toContain('SG-REMOTE-GROUP');
  });
  it('an egress rule naming a group matches the destination by membership', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [
          { name: 'a', network: 'pub', host: 'h1', groups: ['app'] },
          { name: 'b', network: 'pub', host: 'h1', groups: ['db'] },
          { name: 'c', network: 'pub', host: 'h1', groups: ['other'] },
        ],
        groups: [
          { name: 'app', rules: [rule('egress', 'tcp', { group: 'db' }, '5432')] },
          { name: 'db', rules: [rule('ingress', 'tcp', '0.0.0.0/0')] },
          { name: 'other', rules: [rule('ingress', 'tcp', '0.0.0.0/0')] },
        ],
      },
      [probe('a', 'b', 'tcp', 5432), probe('a', 'c', 'tcp', 5432)],
    );
    expect(verdicts(input)).toEqual([A, 'blocked']);
  });
});

describe('union over all groups of an instance', () => {
  it('each group adds what it admits; detaching one takes its part away', () => {
    const steps: Steps = [
      probe('a', 'b', 'tcp', 80),
      probe('a', 'b', 'tcp', 22),
      probe('a', 'b', 'tcp', 23),
      { op: 'attachGroup', instance: 'b', group: 'ssh' },
      probe('a', 'b', 'tcp', 22),
      { op: 'detachGroup', instance: 'b', group: 'in' },
      probe('a', 'b', 'tcp', 80),
      probe('a', 'b', 'tcp', 22),
    ];
    const input = ab('safespring', [rule('ingress', 'tcp', '0.0.0.0/0', '80')], steps, [
      { name: 'ssh', rules: [rule('ingress', 'tcp', '0.0.0.0/0', '22')] },
    ]);
    expect(verdicts(input)).toEqual([A, 'blocked', 'blocked', 'config', A, 'config', 'blocked', A]);
  });
});

describe('egress side', () => {
  it('safespring: a group without egress rules lets nothing out (SG-BOTH-ENDS)', () => {
    const input = oneSite(
      'safespring',
      {
        instances: [
          { name: 'a', network: 'pub', host: 'h1', groups: ['quiet'] },
          { name: 'b', network: 'pub', host: 'h1', groups: ['open'] },
        ],
        groups: [
          { name: 'quiet', rules: [] },
          { name: 'open', rules: [rule('ingress', 'any', '0.0.0.0/0')] },
        ],
      },
      [probe('a', 'b', 'tcp', 80)],
    );
    const [e] = expectations(input);
    expect(e?.kind === 'traffic' && e.delivered).toBe(false);
    expect(ids(e)).toEqual(['SG-MATCH', 'SG-BOTH-ENDS']);
  });
  it('cloudstack: egress is open until a group gets its first egress rule', () => {
    const input = oneSite(
      'cloudstack',
      {
        instances: [{ name: 'a', network: 'pub', host: 'h1', groups: ['g1', 'g2'] }],
        groups: [
          { name: 'g1', rules: [] },
          { name: 'g2', rules: [] },
        ],
      },
      [
        probe('a', 'ext', 'udp', 53),
        { op: 'addRule', group: 'g2', rule: rule('egress', 'tcp', '0.0.0.0/0', '443') },
        probe('a', 'ext', 'udp', 53),
        probe('a', 'ext', 'tcp', 443),
        { op: 'removeRule', group: 'g2', rule: rule('egress', 'tcp', '0.0.0.0/0', '443') },
        probe('a', 'ext', 'udp', 53),
      ],
    );
    expect(verdicts(input)).toEqual([
      'delivered from 198.51.100.1',
      'config',
      'blocked',
      'delivered from 198.51.100.1',
      'config',
      'delivered from 198.51.100.1',
    ]);
  });
});

describe('configuration no-ops', () => {
  it('unknown group, absent rule, repeated attach and cloudstack attach/detach change nothing', () => {
    const safespring = ab(
      'safespring',
      [],
      [
        { op: 'addRule', group: 'ghost', rule: rule('ingress', 'tcp', '0.0.0.0/0') },
        { op: 'removeRule', group: 'in', rule: rule('ingress', 'tcp', '0.0.0.0/0') },
        { op: 'attachGroup', instance: 'b', group: 'in' },
        { op: 'detachGroup', instance: 'b', group: 'out' },
        { op: 'attachGroup', instance: 'nobody', group: 'in' },
      ],
    );
    expect(verdicts(safespring)).toEqual(['noop', 'noop', 'noop', 'noop', 'noop']);
    const cloudstack = ab(
      'cloudstack',
      [],
      [
        { op: 'attachGroup', instance: 'b', group: 'out' },
        { op: 'detachGroup', instance: 'b', group: 'in' },
      ],
    );
    expect(verdicts(cloudstack)).toEqual(['noop', 'noop']);
  });
  it('removeRule takes away only the first structurally equal rule', () => {
    const r = rule('ingress', 'tcp', '0.0.0.0/0', '80');
    const input = ab(
      'safespring',
      [r, r],
      [
        { op: 'removeRule', group: 'in', rule: r },
        probe('a', 'b', 'tcp', 80),
        { op: 'removeRule', group: 'in', rule: r },
        probe('a', 'b', 'tcp', 80),
      ],
    );
    expect(verdicts(input)).toEqual(['config', A, 'config', 'blocked']);
  });
});
