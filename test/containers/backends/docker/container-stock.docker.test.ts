/**
 * Containers kept between Docker dataplanes: a destroyed dataplane's containers serve
 * the next one of the same shape only once wiped back to a fresh container's state;
 * what cannot be wiped clean, and a run named by its caller, is removed instead.
 */
import { describe, expect, it } from 'vitest';
import { dockerBackend, type DockerDataplane } from '../../../../containers/backends/index.ts';
import { runOrThrow } from '../../../../harness/process/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { scaledTopology } from '../../../../fixtures/topologies.ts';
import { settledProbe } from '../../../support/settled-probe.ts';
import { containersOf, namespacesOf } from './docker-engine.ts';

backendUnderTest('docker');

const create = async (count: number, runPrefix?: string): Promise<DockerDataplane> =>
  (await dockerBackend.create(scaledTopology(count, 2), {
    probeTimeoutMs: 300,
    ...(runPrefix === undefined ? {} : { runPrefix }),
  })) as DockerDataplane;

const ids = async (dp: DockerDataplane): Promise<string[]> =>
  (await runOrThrow(['docker', 'inspect', '--format', '{{.Id}}', ...dp.containers]))
    .trim()
    .split('\n');

const tcp80 = { kind: 'probe', from: 'vm0', to: 'vm1', protocol: 'tcp', port: 80 } as const;

/** Leaves in host h0 what a careless driver could: a table, a link, a sysctl, flows. */
async function dirty(dp: DockerDataplane): Promise<void> {
  const enter = dp.layout.hosts[0]!.enter;
  const rules =
    'table inet dirty {\n chain f { type filter hook forward priority 0; tcp dport 80 drop; }\n}\n';
  await runOrThrow([...enter, 'nft', '-f', '-'], { input: rules });
  await runOrThrow([
    ...enter,
    'ip',
    'link',
    'add',
    'dirty0',
    'type',
    'veth',
    'peer',
    'name',
    'dirty1',
  ]);
  await runOrThrow([...enter, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/conf/all/rp_filter']);
}

describe('docker container stock', () => {
  it('a destroyed dataplane’s containers serve the next one of the same shape, wiped clean', async () => {
    const first = await create(3);
    let firstIds: string[];
    try {
      firstIds = await ids(first);
      await first.perform({ ...tcp80, port: 443, kind: 'open', flow: 'f' });
      await dirty(first);
      expect(await settledProbe(first, tcp80)).toMatchObject({
        kind: 'observed',
        delivered: false,
      });
    } finally {
      await first.destroy();
    }

    const second = await create(2);
    try {
      expect(second.layout.runId).toBe(first.layout.runId);
      expect(await ids(second)).toEqual(firstIds);
      expect(await settledProbe(second, tcp80)).toMatchObject({
        kind: 'observed',
        delivered: true,
      });
      const enter = second.layout.hosts[0]!.enter;
      expect(await runOrThrow([...enter, 'ip', '-o', 'link'])).not.toMatch(/dirty0/);
      expect(
        (await runOrThrow([...enter, 'cat', '/proc/sys/net/ipv4/conf/all/rp_filter'])).trim(),
      ).toBe('0');
      for (const snapshot of await second.snapshot()) {
        expect(snapshot.ruleset, snapshot.host).not.toMatch(/table inet dirty/);
        expect(snapshot.ruleset, snapshot.host).toMatch(/table ip nat/);
        expect(snapshot.conntrack, snapshot.host).not.toMatch(/dport=443\b/);
      }
    } finally {
      await second.destroy();
    }
  });

  it('containers that cannot be wiped clean are removed, not reused', async () => {
    const dp = await create(2);
    const prefix = dp.layout.runId;
    try {
      // The wipe leaves policy rules alone, so this container no longer looks fresh.
      const rule = ['ip', 'rule', 'add', 'from', '192.0.2.99', 'lookup', '100'];
      await runOrThrow([...dp.layout.hosts[1]!.enter, ...rule]);
    } finally {
      await dp.destroy();
    }
    expect(await containersOf(prefix)).toEqual([]);
    expect(await namespacesOf(prefix)).toEqual([]);
    const next = await create(2);
    try {
      expect(next.layout.runId).not.toBe(prefix);
    } finally {
      await next.destroy();
    }
  });

  it('a run named by its caller is removed on destroy, so its prefix is free again', async () => {
    const dp = await create(2, 'ncstk1');
    await dp.destroy();
    expect(await containersOf('ncstk1')).toEqual([]);
    expect(await namespacesOf('ncstk1')).toEqual([]);
    const again = await create(2, 'ncstk1');
    await again.destroy();
    // Not parked for a later dataplane either: nothing of the named run is left.
    expect(await containersOf('ncstk1')).toEqual([]);
  });
});
