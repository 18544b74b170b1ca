/**
 * On the real dataplane, a disagreement blames the requirement the driver breaks and
 * lists the other deciding ones as involved: `mutant:no-masquerade` lets nat instances
 * leave with their pool address, which breaks NET-NAT-OUT and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { createDriver } from '../../../containers/drivers/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../harness/repro/index.ts';
import { checkScenario } from '../../../harness/runner/index.ts';
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { oneSite, probe, resolve, rule } from '../../spec/fixtures.ts';

const scenario = resolve(
  oneSite(
    'safespring',
    {
      instances: [{ name: 'n', network: 'nat', host: 'h1', groups: ['out'] }],
      groups: [{ name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] }],
    },
    [probe('n', 'ext', 'tcp', 443), probe('n', 'ext', 'udp', 53)],
  ),
);

describe('blame on the netns dataplane (mutant:no-masquerade)', () => {
  it('blames NET-NAT-OUT only; SG-MATCH and CT-REPLY are involved', async () => {
    const result = await checkScenario(scenario, {
      backend: backendUnderTest('netns').backend,
      driverFactory: () => createDriver('mutant:no-masquerade'),
      probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
    });
    expect(result.setupError).toBeNull();
    const [tcp, udp] = result.steps;
    // TCP: the SYN-ACK goes to the pool address, which the Internet does not route back.
    expect(tcp?.verdict).toBe('disagree');
    expect(tcp?.observation).toMatchObject({ delivered: false });
    expect(tcp?.requirements).toEqual(
      expect.arrayContaining(['NET-NAT-OUT', 'SG-MATCH', 'CT-REPLY']),
    );
    expect(tcp?.blame?.violated).toEqual(['NET-NAT-OUT']);
    expect([...(tcp?.blame?.involved ?? [])].sort()).toEqual(['CT-REPLY', 'SG-MATCH']);
    // UDP: the receiver sees the pool address instead of the host's public address.
    expect(udp?.verdict).toBe('disagree');
    expect(udp?.observation).toMatchObject({
      delivered: true,
      seenFrom: scenario.topology.instances[0]!.ip,
    });
    expect(udp?.blame).toEqual({
      violated: ['NET-NAT-OUT'],
      involved: ['SG-MATCH'],
      undetermined: false,
      candidates: [],
    });
  });
});
