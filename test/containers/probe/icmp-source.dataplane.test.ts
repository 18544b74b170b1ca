/**
 * ICMP sources are observed: the receiver reports the address an echo request
 * arrived with, so NAT of ICMP is checked like TCP and UDP. With the reference driver
 * a public instance is seen under its own address and a nat instance under its host's
 * public address; a driver that masquerades public instances too is caught by an
 * ICMP-only scenario, on the source address alone (the echo is still delivered).
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../../containers/backends/index.ts';
import { createDriver, createMutantDriver } from '../../../containers/drivers/index.ts';
import type { DriverFactory } from '../../../harness/runner/index.ts';
import { checkScenario } from '../../../harness/runner/index.ts';
import { parseScenario } from '../../../spec/index.ts';

const PROBE_TIMEOUT_MS = 1_500;

const parsed = parseScenario({
  profile: 'safespring',
  topology: {
    sites: [{ name: 'sto1' }],
    networks: [
      { name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/24' },
      { name: 'natnet', site: 'sto1', kind: 'nat', cidr: '100.64.0.0/16' },
    ],
    hosts: [{ name: 'cn1', site: 'sto1', publicIp: '192.0.2.11' }],
    instances: [
      { name: 'web', network: 'pub', host: 'cn1', ip: '198.51.100.10', groups: ['out'] },
      { name: 'vm', network: 'natnet', host: 'cn1', ip: '100.64.0.10', groups: ['out'] },
    ],
    groups: [
      {
        name: 'out',
        rules: [{ direction: 'egress', protocol: 'icmp', remote: { cidr: '0.0.0.0/0' } }],
      },
    ],
    externals: [{ name: 'ext', ip: '203.0.113.11' }],
  },
  steps: [
    { op: 'probe', from: 'web', to: 'ext', protocol: 'icmp' },
    { op: 'probe', from: 'vm', to: 'ext', protocol: 'icmp' },
  ],
});

if (!parsed.ok) throw new Error(`fixture scenario invalid: ${JSON.stringify(parsed.issues)}`);
const scenario = parsed.scenario;

const check = (driverFactory: DriverFactory) =>
  checkScenario(scenario, {
    backend: backends.netns!,
    driverFactory,
    probeTimeoutMs: PROBE_TIMEOUT_MS,
  });

describe('ICMP echo sources (netns)', () => {
  it('the receiver sees a public instance as itself and a nat instance as its host', async () => {
    const result = await check(() => createDriver('reference'));
    expect(result.setupError).toBeNull();
    const observed = result.steps.map((s) => s.observation);
    expect(observed).toMatchObject([
      { kind: 'observed', delivered: true, seenFrom: '198.51.100.10' },
      { kind: 'observed', delivered: true, seenFrom: '192.0.2.11' },
    ]);
    expect(result.verdict).toBe('agree');
  });

  it('an ICMP-only scenario catches a driver that masquerades public instances', async () => {
    const masqueradePublic = () =>
      createMutantDriver({
        name: 'masquerade-public',
        origin: 'a NAT rule matching every pool of the host instead of the nat ones',
        requirements: ['NET-PUBLIC'],
        witness: 'a public instance pings an external host, which sees the host address',
        render: { natKinds: ['nat', 'public'] },
      });
    const result = await check(masqueradePublic);
    expect(result.verdict).toBe('disagree');
    expect(result.steps[0]).toMatchObject({
      observation: { kind: 'observed', delivered: true, seenFrom: '192.0.2.11' },
      oracle: { verdict: 'disagree', field: 'seenFrom' },
    });
  });
});
