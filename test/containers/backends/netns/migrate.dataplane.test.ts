/**
 * Moving an instance to another host of its site (a `migrate` step, CS-MIGRATE) on the
 * netns dataplane, no firewall driver: the port leaves the old host and joins the new
 * one under the name its flavour gives there (CloudStack: the next `vnet<n>` of the
 * host), keeping address and MAC; neighbours that had learnt the MAC behind the old
 * host still reach it; `resetFlows` puts the port back where the build put it. Bridged
 * (CloudStack names) and routed; the root namespace is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsBackend } from '../../../../containers/backends/index.ts';
import type { Dataplane, TrafficAction } from '../../../../harness/dataplane/index.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import type { Plumbing, ResolvedTopology } from '../../../../spec/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { settledProbe } from '../../../support/settled-probe.ts';
import { rootSnapshot } from '../../lifecycle/root-snapshot.ts';

backendUnderTest('netns');

const inst = (name: string, host: string, ip: string) => ({
  name,
  network: 'pub',
  host,
  ip,
  account: 'default',
  groups: [],
});
/** a and c on h1, b on h2. */
const topology: ResolvedTopology = {
  resolved: true,
  sites: [{ name: 's' }],
  networks: [{ name: 'pub', site: 's', kind: 'public', cidr: '198.51.100.0/26' }],
  hosts: [
    { name: 'h1', site: 's', publicIp: '192.0.2.1' },
    { name: 'h2', site: 's', publicIp: '192.0.2.2' },
  ],
  instances: [
    inst('a', 'h1', '198.51.100.1'),
    inst('b', 'h2', '198.51.100.2'),
    inst('c', 'h1', '198.51.100.3'),
  ],
  groups: [],
  externals: [{ name: 'ext', ip: '203.0.113.5' }],
};

const probe = (from: string, to: string): TrafficAction => ({
  kind: 'probe',
  from,
  to,
  protocol: 'udp',
  port: 7000,
});

/** Interfaces of `host`'s namespace: name -> its bridge (or '' when on none). */
async function links(dp: Dataplane, host: string): Promise<Map<string, string>> {
  const enter = dp.layout.hosts.find((h) => h.name === host)?.enter ?? [];
  const r = await runCommand([...enter, 'ip', '-o', 'link', 'show']);
  if (r.kind !== 'exited' || r.code !== 0) throw new Error(`ip link in ${host}: ${r.kind}`);
  const found = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const name = /^\d+: ([^:@ ]+)/.exec(line)?.[1];
    if (name !== undefined) found.set(name, /master (\S+)/.exec(line)?.[1] ?? '');
  }
  return found;
}

async function delivered(dp: Dataplane, pairs: readonly [string, string][]): Promise<string[]> {
  const seen = await Promise.all(pairs.map(([f, t]) => settledProbe(dp, probe(f, t))));
  return seen.map((o, i) => `${pairs[i]!.join('->')}: ${o.kind === 'observed' && o.delivered}`);
}

const cases: { label: string; plumbing: Plumbing; moved: string; onH2: string }[] = [
  // b is h2's vnet0, so a arrives as vnet1; a was h1's vnet0.
  {
    label: 'bridged, CloudStack names',
    plumbing: { mode: 'bridged', flavour: 'cloudstack' },
    moved: 'vnet1',
    onH2: 'cloudbr0',
  },
  { label: 'routed', plumbing: { mode: 'routed' }, moved: '', onH2: '' },
];

let rootBefore: Awaited<ReturnType<typeof rootSnapshot>>;
beforeAll(async () => {
  rootBefore = await rootSnapshot();
});

for (const c of cases) {
  describe(`migrate (netns, ${c.label})`, () => {
    let dp: Dataplane | undefined;
    const dataplane = (): Dataplane => {
      if (dp === undefined) throw new Error('the dataplane was not built (see beforeAll)');
      return dp;
    };
    beforeAll(async () => {
      dp = await netnsBackend.create(topology, { probeTimeoutMs: 300, plumbing: c.plumbing });
    });
    afterAll(async () => {
      await dp?.destroy();
    });

    it('moves the port to the new host, and every neighbour reaches it there', async () => {
      const before = dataplane().layout.ports.find((p) => p.instance === 'a')!;
      // b and c learn where a is first: the move must make them forget it.
      expect(
        await delivered(dataplane(), [
          ['b', 'a'],
          ['c', 'a'],
        ]),
      ).toEqual(['b->a: true', 'c->a: true']);
      const result = await dataplane().migrate!('a', 'h2');
      const name = c.moved === '' ? before.hostInterface : c.moved;
      expect(result).toMatchObject({ kind: 'moved', host: 'h2', hostInterface: name });
      expect(dataplane().layout.ports.find((p) => p.instance === 'a')).toMatchObject({
        host: 'h2',
        hostInterface: name,
        mac: before.mac,
      });
      expect((await links(dataplane(), 'h2')).get(name)).toBe(c.onH2);
      expect((await links(dataplane(), 'h1')).has(before.hostInterface)).toBe(false);
      expect(
        await delivered(dataplane(), [
          ['b', 'a'],
          ['c', 'a'],
          ['a', 'c'],
          ['ext', 'a'],
        ]),
      ).toEqual(['b->a: true', 'c->a: true', 'a->c: true', 'ext->a: true']);
    });

    it('refuses a host that does not exist, as data', async () => {
      expect(await dataplane().migrate!('a', 'nowhere')).toMatchObject({ kind: 'failed' });
    });

    it('resetFlows puts the port back on its build-time host under its build-time name', async () => {
      await dataplane().resetFlows();
      const port = dataplane().layout.ports.find((p) => p.instance === 'a')!;
      expect(port.host).toBe('h1');
      expect((await links(dataplane(), 'h1')).has(port.hostInterface)).toBe(true);
      expect(
        (await links(dataplane(), 'h2')).has(c.moved === '' ? port.hostInterface : c.moved),
      ).toBe(false);
      expect(
        await delivered(dataplane(), [
          ['b', 'a'],
          ['ext', 'a'],
        ]),
      ).toEqual(['b->a: true', 'ext->a: true']);
    });
  });
}

describe('migrate (netns): the root namespace', () => {
  it('is unchanged after both runs are destroyed', async () => {
    expect(await rootSnapshot()).toEqual(rootBefore);
  });
});
