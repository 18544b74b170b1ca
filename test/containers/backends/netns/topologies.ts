/**
 * Hand-resolved topologies for the netns dataplane tests and bench (every address
 * filled in, as the spec's resolver would).
 */
import type { ResolvedTopology } from '../../../../spec/index.ts';

/**
 * One site with two hosts and three networks (public, nat, private), plus a second
 * site with one public instance, and one external host.
 *
 * - h1: pub1 (public), nat1 (nat), priv1 (private)
 * - h2: pub2 (public), nat2 (nat)
 * - site b, hb: bpub (public)
 */
export function twoSiteTopology(): ResolvedTopology {
  return {
    resolved: true,
    sites: [{ name: 'a' }, { name: 'b' }],
    networks: [
      { name: 'pub', site: 'a', kind: 'public', cidr: '198.51.100.0/26' },
      { name: 'nat', site: 'a', kind: 'nat', cidr: '100.64.0.0/16' },
      { name: 'priv', site: 'a', kind: 'private', cidr: '100.65.0.0/16' },
      { name: 'bpub', site: 'b', kind: 'public', cidr: '198.51.100.64/26' },
    ],
    hosts: [
      { name: 'h1', site: 'a', publicIp: '192.0.2.1' },
      { name: 'h2', site: 'a', publicIp: '192.0.2.2' },
      { name: 'hb', site: 'b', publicIp: '192.0.2.3' },
    ],
    instances: [
      {
        name: 'pub1',
        network: 'pub',
        host: 'h1',
        ip: '198.51.100.10',
        account: 'default',
        groups: [],
      },
      {
        name: 'nat1',
        network: 'nat',
        host: 'h1',
        ip: '100.64.0.10',
        account: 'default',
        groups: [],
      },
      {
        name: 'priv1',
        network: 'priv',
        host: 'h1',
        ip: '100.65.0.10',
        account: 'default',
        groups: [],
      },
      {
        name: 'pub2',
        network: 'pub',
        host: 'h2',
        ip: '198.51.100.11',
        account: 'default',
        groups: [],
      },
      {
        name: 'nat2',
        network: 'nat',
        host: 'h2',
        ip: '100.64.0.11',
        account: 'default',
        groups: [],
      },
      {
        name: 'bpub',
        network: 'bpub',
        host: 'hb',
        ip: '198.51.100.70',
        account: 'default',
        groups: [],
      },
    ],
    groups: [],
    externals: [{ name: 'ext', ip: '203.0.113.5' }],
  };
}

/** `count` public instances spread over `hosts` hosts of one site, and one external. */
export function scaledTopology(count: number, hosts = 2): ResolvedTopology {
  return {
    resolved: true,
    sites: [{ name: 'a' }],
    networks: [{ name: 'pub', site: 'a', kind: 'public', cidr: '198.51.100.0/24' }],
    hosts: Array.from({ length: hosts }, (_, h) => ({
      name: `h${h}`,
      site: 'a',
      publicIp: `192.0.2.${h + 1}`,
    })),
    instances: Array.from({ length: count }, (_, i) => ({
      name: `vm${i}`,
      network: 'pub',
      host: `h${i % hosts}`,
      ip: `198.51.100.${i + 10}`,
      account: 'default',
      groups: [],
    })),
    groups: [],
    externals: [{ name: 'ext', ip: '203.0.113.5' }],
  };
}
