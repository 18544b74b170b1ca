/**
 * Plumbing of the Docker dataplane with no firewall driver, mirroring the netns
 * backend's tests: full L3 reachability inside a site and between public addresses
 * and the Internet, nat/private pools not routed outside their site; plus what is
 * Docker's own: labelled containers on internal networks, hosts entered by name,
 * Docker's nat table left alone, and nothing of the run left after destroy.
 */
import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerBackend, type DockerDataplane } from '../../../../containers/backends/index.ts';
import { runOrThrow } from '../../../../containers/process/index.ts';
import { twoSiteTopology } from '../netns/topologies.ts';
import { containersOf, namespacesOf, networksOf, nodeImageCached } from './docker-engine.ts';

const NEGATIVE_MS = 300;
const topology = twoSiteTopology();
const ipOf = (name: string): string =>
  [...topology.instances, ...topology.externals].find((e) => e.name === name)?.ip ?? '?';

let dp: DockerDataplane;
let prefix: string;

beforeAll(async () => {
  await dockerBackend.preflight();
  dp = (await dockerBackend.create(topology, {
    negativeTimeoutMs: NEGATIVE_MS,
  })) as DockerDataplane;
  prefix = dp.layout.runId;
});
afterAll(async () => {
  await dp?.destroy();
});

const probe = (from: string, to: string, protocol: 'tcp' | 'udp' | 'icmp', port = 7000) =>
  dp.perform({ kind: 'probe', from, to, protocol, port: protocol === 'icmp' ? null : port });

describe('reachability without driver rules', () => {
  const pairs: [string, string, string][] = [
    ['same host', 'pub1', 'nat1'],
    ['different hosts', 'pub1', 'nat2'],
    ['different networks, different hosts', 'priv1', 'pub2'],
    ['public instance to external', 'pub1', 'ext'],
    ['external to public instance', 'ext', 'pub2'],
    ['public instances of two sites', 'pub2', 'bpub'],
  ];
  for (const [label, from, to] of pairs) {
    for (const protocol of ['tcp', 'udp'] as const) {
      it(`${label}: ${protocol} ${from} -> ${to} arrives from ${from}'s own address`, async () => {
        expect(await probe(from, to, protocol)).toMatchObject({
          kind: 'observed',
          delivered: true,
          seenFrom: ipOf(from),
        });
      });
    }
    it(`${label}: icmp echo ${from} -> ${to} is answered`, async () => {
      expect(await probe(from, to, 'icmp')).toMatchObject({ kind: 'observed', delivered: true });
    });
  }

  it('an external cannot reach a nat or private instance', async () => {
    for (const to of ['nat1', 'priv1']) {
      for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
        expect(await probe('ext', to, protocol), `${protocol} ext -> ${to}`).toMatchObject({
          kind: 'observed',
          delivered: false,
        });
      }
    }
  });

  it('an established TCP flow exchanges tokens both ways until closed', async () => {
    const open = await dp.perform({
      kind: 'open',
      flow: 't',
      from: 'pub1',
      to: 'bpub',
      protocol: 'tcp',
      port: 443,
    });
    expect(open).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf('pub1') });
    const reply = await dp.perform({ kind: 'send', flow: 't', direction: 'reply' });
    expect(reply).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf('bpub') });
    await dp.perform({ kind: 'close', flow: 't' });
    expect(await dp.perform({ kind: 'send', flow: 't', direction: 'forward' })).toMatchObject({
      kind: 'observed',
      delivered: false,
    });
  });
});

describe('docker objects', () => {
  it('runs every host and router as a container labelled with the run, on internal networks', async () => {
    expect((await containersOf(prefix)).sort()).toEqual([...dp.containers].sort());
    const networks = await networksOf(prefix);
    expect(networks.sort()).toEqual(dp.dockerPlan.networks.map((n) => n.name).sort());
    for (const network of networks) {
      const internal = await runOrThrow([
        'docker',
        'network',
        'inspect',
        '--format',
        '{{.Internal}}',
        network,
      ]);
      expect(internal.trim(), network).toBe('true');
    }
  });

  it("enters each host's container namespace, where Docker's nat table is still present", async () => {
    for (const host of dp.layout.hosts) {
      const container = dp.dockerPlan.containers.find(
        (c) => c.role === 'host' && c.entity === host.name,
      );
      const pid = (
        await runOrThrow([
          'docker',
          'inspect',
          '--format',
          '{{.State.Pid}}',
          container?.name ?? '?',
        ])
      ).trim();
      const inside = await runOrThrow([...host.enter, 'readlink', '/proc/self/ns/net']);
      const ofContainer = await runOrThrow(['readlink', `/proc/${pid}/ns/net`]);
      expect(inside.trim()).toBe(ofContainer.trim());
      expect(inside.trim()).not.toBe(readlinkSync('/proc/self/ns/net'));
    }
    const [first] = await dp.snapshot();
    expect(first?.ruleset).toMatch(/table ip nat/);
  });

  it('gives the internet router no default route', async () => {
    const internet = dp.dockerPlan.containers.find((c) => c.role === 'internet');
    const routes = await runOrThrow([
      'ip',
      '-n',
      internet?.name ?? '?',
      'route',
      'show',
      'default',
    ]);
    expect(routes.trim()).toBe('');
  });

  it('destroy removes the run’s containers, networks and namespaces and keeps the image', async () => {
    const other = (await dockerBackend.create(twoSiteTopology(), {
      negativeTimeoutMs: NEGATIVE_MS,
    })) as DockerDataplane;
    const run = other.layout.runId;
    expect(await containersOf(run)).toHaveLength(other.containers.length);
    await other.destroy();
    expect(await containersOf(run)).toEqual([]);
    expect(await networksOf(run)).toEqual([]);
    expect(await namespacesOf(run)).toEqual([]);
    expect(await nodeImageCached()).toBe(true);
  });
});
