/** Queries to the pod-local DHCP/DNS server (L2-DHCP-DNS), model only. */
import { describe, expect, it } from 'vitest';
import { relaxations } from '../../../spec/model/relaxations.ts';
import { ab, expectations, ids, oneSite, rule, verdicts } from '../fixtures.ts';

const queries = [
  { op: 'podQuery', from: 'a', service: 'dhcp' },
  { op: 'podQuery', from: 'a', service: 'dns' },
] as const;

describe('podQuery (L2-DHCP-DNS)', () => {
  it('is answered on cloudstack whatever the groups: the default group, or egress tcp 80 only', () => {
    const results = expectations(
      oneSite(
        'cloudstack',
        {
          instances: [
            { name: 'a', network: 'pub', host: 'h1' },
            { name: 'b', network: 'pub', host: 'h1', groups: ['web'] },
          ],
          groups: [{ name: 'web', rules: [rule('egress', 'tcp', '0.0.0.0/0', '80')] }],
        },
        [...queries, ...queries.map((q) => ({ ...q, from: 'b' }))],
      ),
    );
    expect(results).toHaveLength(4);
    for (const e of results) {
      expect(e).toMatchObject({ kind: 'traffic', delivered: true, seenFrom: null });
      expect(ids(e)).toEqual(['L2-DHCP-DNS']);
    }
  });

  it('is a no-op where the profile promises no pod-local server, or the sender is unknown', () => {
    expect(verdicts(ab('safespring', [], [...queries]))).toEqual(['noop', 'noop']);
    expect(
      verdicts(ab('cloudstack', [], [{ op: 'podQuery', from: 'nobody', service: 'dns' }])),
    ).toEqual(['noop']);
  });

  it('has a relaxation, so a blocked query can blame it', () => {
    expect(relaxations['L2-DHCP-DNS']?.length).toBe(1);
    expect(relaxations['NEUTRON-DHCP-CLIENT']?.length).toBe(1);
  });

  it("on neutron only DHCP is promised (NEUTRON-DHCP-CLIENT): DNS goes through the port's rules", () => {
    const input = oneSite(
      'neutron',
      {
        networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
        instances: [{ name: 'a', network: 'pub', host: 'h1', groups: ['closed'] }],
        groups: [{ name: 'closed', rules: [] }],
      },
      [...queries],
    );
    const [dhcp, dns] = expectations(input);
    expect(dhcp).toMatchObject({ kind: 'traffic', delivered: true, seenFrom: null });
    expect(ids(dhcp)).toEqual(['NEUTRON-DHCP-CLIENT']);
    expect(dns).toMatchObject({ kind: 'noop' });
    expect(dns?.kind === 'noop' && dns.reason).toMatch(/DHCP only/);
  });
});
