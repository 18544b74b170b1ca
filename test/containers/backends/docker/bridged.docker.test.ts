/**
 * Bridged plumbing on the Docker backend, no firewall driver: hosts are containers, each
 * with a bridge per network holding its instances' ports and a VXLAN port whose packets
 * cross the Docker tunnels. Real packets on one segment (same host, across host
 * containers), to the Internet; ARP answers with the neighbour's own MAC (L2, not the
 * routed gateway's); the pod-local server answers; a migrated instance's port moves to
 * the other host container and still forwards; destroy + drain leave nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainDockerStock, type DockerDataplane } from '../../../../containers/backends/index.ts';
import { pidsInside } from '../../../../containers/lifecycle/remove-namespaces.ts';
import type { Observation, TrafficAction } from '../../../../harness/dataplane/index.ts';
import { runOrThrow } from '../../../../harness/process/index.ts';
import type { ResolvedTopology } from '../../../../spec/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { containersOf, namespacesOf, networksOf } from './docker-engine.ts';
import { processRefs, runningOf } from '../../../support/process-gone.ts';
import { settledProbe } from '../../../support/settled-probe.ts';

const { backend } = backendUnderTest('docker');

const inst = (name: string, host: string, ip: string) => ({
  name,
  network: 'pub',
  host,
  ip,
  account: 'default',
  groups: [],
});
/** a and c on h1, b on h2: one segment over two host containers. */
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
const ipOf = (name: string): string =>
  [...topology.instances, ...topology.externals].find((e) => e.name === name)?.ip ?? '?';

let dp: DockerDataplane | undefined;
const dataplane = (): DockerDataplane => {
  if (dp === undefined) throw new Error('the bridged Docker dataplane was not built (beforeAll)');
  return dp;
};
const instanceNs = (name: string): string =>
  `netconform-${dataplane().layout.runId}-i${topology.instances.findIndex((i) => i.name === name)}`;
const hostEnter = (host: string): readonly string[] =>
  dataplane().layout.hosts.find((h) => h.name === host)?.enter ?? [];

/** tcp, udp and icmp from `from` to `to`, sent at once. */
const allProtocols = (from: string, to: string): Promise<Observation[]> =>
  Promise.all(
    (['tcp', 'udp', 'icmp'] as const).map((protocol) =>
      settledProbe(dataplane(), {
        kind: 'probe',
        from,
        to,
        protocol,
        port: protocol === 'icmp' ? null : 7000,
      } satisfies TrafficAction),
    ),
  );

beforeAll(async () => {
  dp = (await backend.create(topology, {
    probeTimeoutMs: 500,
    plumbing: { mode: 'bridged', flavour: 'cloudstack' },
  })) as DockerDataplane;
});
afterAll(async () => {
  await dp?.destroy();
});

describe('bridged plumbing (docker)', () => {
  for (const [label, from, to] of [
    ['one segment, same host container', 'a', 'c'],
    ['one segment, across host containers (VXLAN in the Docker tunnels)', 'b', 'a'],
    ['to the Internet through the site router', 'c', 'ext'],
  ] as const) {
    it(`${label}: tcp, udp and icmp ${from} -> ${to} arrive from ${from}'s own address`, async () => {
      for (const seen of await allProtocols(from, to))
        expect(seen).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf(from) });
    });
  }

  it("is L2: a has b's own MAC, learnt on h1's bridge behind the VXLAN port", async () => {
    const b = dataplane().layout.ports.find((p) => p.instance === 'b')!;
    const neigh = await runOrThrow(['ip', '-n', instanceNs('a'), 'neigh', 'show', ipOf('b')]);
    expect(neigh).toContain(`lladdr ${b.mac}`);
    const bridge = dataplane().layout.hosts.find((h) => h.name === 'h1')!.bridges[0]!;
    expect(bridge).toMatchObject({ name: 'cloudbr0', uplinkPort: `vxlan${bridge.vni}` });
    const fdb = await runOrThrow([...hostEnter('h1'), 'bridge', 'fdb', 'show', 'br', bridge.name]);
    expect(fdb).toMatch(
      new RegExp(`^${b.mac} dev ${bridge.uplinkPort} master ${bridge.name}`, 'm'),
    );
    const sysctls = await runOrThrow([
      ...hostEnter('h1'),
      'cat',
      '/proc/sys/net/bridge/bridge-nf-call-iptables',
      '/proc/sys/net/bridge/bridge-nf-call-arptables',
    ]);
    expect(sysctls.split('\n').filter(Boolean)).toEqual(['1', '1']);
  });

  it('the pod-local server answers DHCP and DNS', async () => {
    for (const service of ['dhcp', 'dns'] as const) {
      const seen = await settledProbe(dataplane(), { kind: 'podQuery', from: 'b', service });
      expect(seen, service).toMatchObject({ kind: 'observed', delivered: true });
    }
  });

  it('migrates b to h1: its port joins cloudbr0 in h1 as vnet2 and it is still reached', async () => {
    const moved = await dataplane().migrate('b', 'h1');
    expect(moved).toMatchObject({ kind: 'moved', host: 'h1', hostInterface: 'vnet2' });
    const ports = await runOrThrow([...hostEnter('h1'), 'bridge', 'link', 'show']);
    expect(ports).toMatch(/: vnet2@\S+: .* master cloudbr0 state forwarding/);
    for (const seen of await allProtocols('a', 'b'))
      expect(seen).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf('a') });
    await dataplane().resetFlows();
    expect(dataplane().layout.ports.find((p) => p.instance === 'b')).toMatchObject({
      host: 'h2',
      hostInterface: 'vnet0',
    });
  });

  it('leaves nothing once destroyed and the parked containers drained: pod servers end too', async () => {
    const run = dataplane().layout.runId;
    const servers = pidsInside([`netconform-${run}-d0`]);
    expect(servers).toHaveLength(1);
    const serverRefs = processRefs(servers);
    await dp?.destroy();
    dp = undefined;
    await drainDockerStock();
    expect(await containersOf(run)).toEqual([]);
    expect(await networksOf(run)).toEqual([]);
    expect(await namespacesOf(run)).toEqual([]);
    expect(runningOf(serverRefs)).toEqual([]);
  });
});
