/** Address allocation, profile defaults and the JSON round trip. */
import { describe, expect, it } from 'vitest';
import { parseScenario, toScenarioInput } from '../../../spec/index.ts';
import { oneSite, resolve } from '../fixtures.ts';

describe('deterministic address allocation', () => {
  const scenario = resolve(
    oneSite(
      'safespring',
      {
        hosts: [
          { name: 'h1', site: 's1' },
          { name: 'h2', site: 's1', publicIp: '192.0.2.12' },
          { name: 'h3', site: 's1' },
        ],
        instances: [
          { name: 'a', network: 'pub', host: 'h1' },
          { name: 'b', network: 'pub', host: 'h1', ip: '198.51.100.2' },
          { name: 'c', network: 'pub', host: 'h1' },
          { name: 'd', network: 'nat', host: 'h2' },
          { name: 'e', network: 'pub', host: 'h3' },
        ],
        externals: [{ name: 'x' }, { name: 'y', ip: '203.0.113.11' }, { name: 'z' }],
      },
      [],
    ),
  );
  it('gives instances the next free usable address of their network, skipping explicit ones', () => {
    expect(scenario.topology.instances.map((i) => i.ip)).toEqual([
      '198.51.100.1',
      '198.51.100.2',
      '198.51.100.3',
      '100.64.0.1',
      '198.51.100.4',
    ]);
  });
  it('gives hosts 192.0.2.11 upward and externals 203.0.113.11 upward, around explicit ones', () => {
    expect(scenario.topology.hosts.map((h) => h.publicIp)).toEqual([
      '192.0.2.11',
      '192.0.2.12',
      '192.0.2.13',
    ]);
    expect(scenario.topology.externals.map((e) => e.ip)).toEqual([
      '203.0.113.12',
      '203.0.113.11',
      '203.0.113.13',
    ]);
  });
  it('sets every account (default "default")', () => {
    expect(scenario.topology.instances.every((i) => i.account === 'default')).toBe(true);
  });
});

describe('profile default groups', () => {
  it('cloudstack: an instance with no group is in default@<account>, declared with no rules', () => {
    const s = resolve(
      oneSite(
        'cloudstack',
        {
          instances: [
            { name: 'a', network: 'pub', host: 'h1', account: 'alice' },
            { name: 'b', network: 'pub', host: 'h1' },
            { name: 'c', network: 'pub', host: 'h1', groups: ['web'] },
          ],
          groups: [{ name: 'web', rules: [] }],
        },
        [],
      ),
    );
    expect(s.topology.instances.map((i) => i.groups)).toEqual([
      ['default@alice'],
      ['default@default'],
      ['web'],
    ]);
    expect(s.topology.groups).toEqual([
      { name: 'web', account: 'default', rules: [] },
      { name: 'default@alice', account: 'alice', rules: [] },
      { name: 'default@default', account: 'default', rules: [] },
    ]);
  });
  it('safespring: an instance with no group stays in none', () => {
    const s = resolve(
      oneSite('safespring', { instances: [{ name: 'a', network: 'pub', host: 'h1' }] }, []),
    );
    expect(s.topology.instances[0]?.groups).toEqual([]);
    expect(s.topology.groups).toEqual([]);
  });
});

describe('toScenarioInput', () => {
  it('round-trips through parseScenario, as plain JSON', () => {
    const original = resolve(
      oneSite(
        'cloudstack',
        {
          instances: [{ name: 'a', network: 'pub', host: 'h1', account: 'alice' }],
          groups: [
            {
              name: 'g',
              rules: [
                {
                  direction: 'ingress',
                  protocol: 'tcp',
                  ports: '22',
                  remote: { group: 'default@alice' },
                },
              ],
            },
          ],
        },
        [{ op: 'probe', from: 'ext', to: 'a', protocol: 'tcp', port: 22, note: 'hi' }],
      ),
    );
    const input = toScenarioInput(original);
    expect(JSON.parse(JSON.stringify(input))).toEqual(input);
    const again = parseScenario(input);
    expect(again.ok && again.scenario).toStrictEqual(original);
  });
});
