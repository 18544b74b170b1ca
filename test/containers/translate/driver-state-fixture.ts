/**
 * A small hand-written `DriverState` shared by renderer and driver tests: one site,
 * two hosts, a public, a nat and a private instance, and groups covering every rule
 * shape (port range, icmp, any, remote CIDR, remote group).
 */
import {
  fromDriverStateV1,
  type DriverState,
  type DriverStateV1,
} from '../../../harness/dataplane/index.ts';

/** The fixture; pass overrides to change the profile or the generation. */
export function fixtureState(overrides: Partial<DriverState> = {}): DriverState {
  return { ...fromDriverStateV1(fixtureStateV1()), ...overrides };
}

function fixtureStateV1(): DriverStateV1 {
  return {
    version: 1,
    profile: 'safespring',
    runId: 'test',
    generation: 1,
    hosts: [
      { name: 'h1', site: 's1', publicIp: '192.0.2.1', uplink: 'up0', enter: [] },
      { name: 'h2', site: 's1', publicIp: '192.0.2.2', uplink: 'up0', enter: [] },
    ],
    ports: [
      {
        instance: 'web',
        ip: '198.51.100.10',
        network: 'pub',
        kind: 'public',
        site: 's1',
        host: 'h1',
        hostInterface: 'tx-web',
        account: 'default',
        groups: ['base', 'web'],
      },
      {
        instance: 'app',
        ip: '100.64.0.10',
        network: 'natnet',
        kind: 'nat',
        site: 's1',
        host: 'h1',
        hostInterface: 'tx-app',
        account: 'default',
        groups: ['app'],
      },
      {
        instance: 'db.1',
        ip: '100.65.0.10',
        network: 'privnet',
        kind: 'private',
        site: 's1',
        host: 'h2',
        hostInterface: 'tx-db',
        account: 'default',
        groups: ['db'],
      },
    ],
    groups: [
      {
        name: 'base',
        account: 'default',
        rules: [
          { direction: 'ingress', protocol: 'icmp', ports: null, remote: { cidr: '0.0.0.0/0' } },
        ],
      },
      {
        name: 'web',
        account: 'default',
        rules: [
          {
            direction: 'ingress',
            protocol: 'tcp',
            ports: { from: 443, to: 443 },
            remote: { cidr: '0.0.0.0/0' },
          },
          { direction: 'egress', protocol: 'any', ports: null, remote: { cidr: '0.0.0.0/0' } },
        ],
      },
      {
        name: 'app',
        account: 'default',
        rules: [
          {
            direction: 'ingress',
            protocol: 'tcp',
            ports: { from: 8000, to: 8080 },
            remote: { group: 'web', members: ['198.51.100.10'] },
          },
          {
            direction: 'egress',
            protocol: 'udp',
            ports: { from: 53, to: 53 },
            remote: { cidr: '203.0.113.5/24' },
          },
        ],
      },
      {
        name: 'db',
        account: 'default',
        rules: [
          {
            direction: 'ingress',
            protocol: 'tcp',
            ports: { from: 5432, to: 5432 },
            remote: { group: 'app', members: ['100.64.0.10'] },
          },
          { direction: 'egress', protocol: 'any', ports: null, remote: { cidr: '0.0.0.0/0' } },
        ],
      },
    ],
    pools: [
      { site: 's1', network: 'pub', kind: 'public', cidr: '198.51.100.0/26' },
      { site: 's1', network: 'natnet', kind: 'nat', cidr: '100.64.0.0/16' },
      { site: 's1', network: 'privnet', kind: 'private', cidr: '100.65.0.0/16' },
      { site: 's2', network: 'pub2', kind: 'public', cidr: '198.51.100.64/26' },
    ],
  };
}

/** The fixture on bridged plumbing (cloudstack names: `cloudbr0`, `vnet<n>`), web with a secondary address. */
export function bridgedFixtureState(overrides: Partial<DriverState> = {}): DriverState {
  const base = fixtureState({ profile: 'cloudstack' });
  return {
    ...base,
    hosts: base.hosts.map((h) => ({
      ...h,
      plumbing: 'bridged',
      bridges: [
        {
          network: 'pub',
          networkId: '00000000-0000-5000-8000-000000000001',
          name: 'cloudbr0',
          uplinkPort: 'vxlan4000',
          vni: 4000,
          gateway: '198.51.100.62',
          podServer: '198.51.100.61',
          cidr: '198.51.100.0/26',
        },
      ],
    })),
    ports: base.ports.map((p, i) => ({
      ...p,
      device: `vnet${i}`,
      hostInterface: `vnet${i}`,
      bridge: p.network === 'pub' ? 'cloudbr0' : null,
      secondaryIps: p.instance === 'web' ? ['198.51.100.20'] : [],
    })),
    ...overrides,
  };
}
