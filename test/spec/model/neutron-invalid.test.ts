/**
 * NEUTRON-INVALID on the model: a TCP segment of no connection (a FIN+ACK conntrack calls
 * INVALID, a bare ACK it picks up as new) is judged by the rules like a new flow, since
 * neutron drops INVALID only after them; other profiles make no promise about it.
 */
import { describe, expect, it } from 'vitest';
import { blameStep, type ScenarioInput } from '../../../spec/index.ts';
import { expectations, ids, resolve, rule, verdicts } from '../fixtures.ts';

type Steps = NonNullable<ScenarioInput['steps']>;
type Rules = ReturnType<typeof rule>[];
const any = '0.0.0.0/0';

/** a (group out: egress any) and b (group in: `rules`) on one segment; b on `bHost`. */
function ab(
  rules: Rules,
  steps: Steps,
  profile: 'neutron' | 'cloudstack' = 'neutron',
  bHost = 'h1',
): ScenarioInput {
  return {
    profile,
    topology: {
      sites: [{ name: 's1' }],
      networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
      hosts: [
        { name: 'h1', site: 's1', publicIp: '192.0.2.11' },
        { name: 'h2', site: 's1', publicIp: '192.0.2.12' },
      ],
      instances: [
        { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
        { name: 'b', network: 'pub', host: bHost, groups: ['in'] },
      ],
      groups: [
        { name: 'out', rules: [rule('egress', 'any', any)] },
        { name: 'in', rules },
      ],
      externals: [],
    },
    steps,
  };
}

const stray = (segment: 'ack' | 'fin', port = 80): Steps[number] => ({
  op: 'stray',
  from: 'a',
  to: 'b',
  segment,
  port,
});

describe('NEUTRON-INVALID', () => {
  const web = rule('ingress', 'tcp', any, '80');

  it('a FIN of no connection passes where a rule matches it, and only there', () => {
    for (const bHost of ['h1', 'h2'])
      expect(verdicts(ab([web], [stray('fin'), stray('fin', 81)], 'neutron', bHost))).toEqual([
        'delivered from null',
        'blocked',
      ]);
  });

  it('a bare ACK is judged the same way (picked up as new under nf_conntrack_tcp_loose)', () => {
    const got = expectations(ab([web], [stray('ack'), stray('ack', 81)]));
    expect(got.map((e) => e.kind === 'traffic' && e.delivered)).toEqual([true, false]);
    expect(got[0]?.kind === 'traffic' && got[0].reason).toMatch(/nf_conntrack_tcp_loose/);
  });

  it("the sender's egress rules judge it too (SG-BOTH-ENDS)", () => {
    const input = ab([web], [stray('fin')]);
    const out = input.topology.groups!.find((g) => g.name === 'out')!;
    out.rules = [rule('egress', 'udp', any)];
    const [e] = expectations(input);
    expect(e?.kind === 'traffic' && e.delivered).toBe(false);
    expect(ids(e)).toEqual(expect.arrayContaining(['SG-BOTH-ENDS', 'NEUTRON-INVALID']));
  });

  it('names NEUTRON-INVALID, and blames it when a dropped FIN arrives', () => {
    const input = ab([], [stray('fin')]);
    expect(ids(expectations(input)[0])).toContain('NEUTRON-INVALID');
    const blame = blameStep(resolve(input), 0, { delivered: true, seenFrom: null });
    expect(blame.violated).toEqual(['NEUTRON-INVALID']);
  });

  it('is a no-op on profiles without the promise, to itself and across segments', () => {
    expect(verdicts(ab([web], [stray('fin')], 'cloudstack'))).toEqual(['noop']);
    const self: Steps[number] = { op: 'stray', from: 'a', to: 'a', segment: 'fin', port: 80 };
    expect(verdicts(ab([web], [self]))).toEqual(['noop']);
  });
});
