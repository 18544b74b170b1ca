/**
 * Plumbing of the Docker dataplane: the shared suite (../plumbing.suite.ts), then what
 * is Docker's own: labelled containers on internal networks, hosts entered by name,
 * Docker's nat table left alone, and nothing of the run left once destroyed and the
 * parked containers drained.
 */
import { readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dockerBackend,
  drainDockerStock,
  type DockerDataplane,
} from '../../../../containers/backends/index.ts';
import { runOrThrow } from '../../../../harness/process/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { plumbingSuite } from '../plumbing.suite.ts';
import { twoSiteTopology } from '../../../../fixtures/topologies.ts';
import { containersOf, namespacesOf, networksOf, nodeImageCached } from './docker-engine.ts';

const plumbing = plumbingSuite(backendUnderTest('docker'));
const docker = (): DockerDataplane => plumbing.dataplane() as DockerDataplane;

describe('docker objects', () => {
  it('runs every host and router as a container labelled with the run, on internal networks', async () => {
    const prefix = docker().layout.runId;
    expect((await containersOf(prefix)).sort()).toEqual([...docker().containers].sort());
    const networks = await networksOf(prefix);
    expect(networks.sort()).toEqual(
      docker()
        .dockerPlan.networks.map((n) => n.name)
        .sort(),
    );
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
    for (const host of docker().layout.hosts) {
      const container = docker().dockerPlan.containers.find(
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
    const [first] = await docker().snapshot();
    expect(first?.ruleset).toMatch(/table ip nat/);
  });

  it('gives the internet router no default route', async () => {
    const internet = docker().dockerPlan.containers.find((c) => c.role === 'internet');
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

  it('destroy removes the run’s machine namespaces; draining the parked containers removes the rest and keeps the image', async () => {
    const other = (await dockerBackend.create(twoSiteTopology(), {
      probeTimeoutMs: 300,
    })) as DockerDataplane;
    const run = other.layout.runId;
    expect(await containersOf(run)).toHaveLength(other.containers.length);
    await other.destroy();
    expect((await namespacesOf(run)).sort()).toEqual([...other.containers].sort());
    await drainDockerStock();
    expect(await containersOf(run)).toEqual([]);
    expect(await networksOf(run)).toEqual([]);
    expect(await namespacesOf(run)).toEqual([]);
    expect(await nodeImageCached()).toBe(true);
  });
});
