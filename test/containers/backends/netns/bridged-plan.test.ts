/** The bridged build plan, checked without root: naming flavours, segments, refusals. */
import { describe, expect, it } from 'vitest';
import { planNetns } from '../../../../containers/backends/index.ts';
import { bridgedTopology, twoSiteTopology } from '../../../../fixtures/topologies.ts';
import type { NamingFlavour } from '../../../../spec/index.ts';

const plan = (flavour: NamingFlavour) =>
  planNetns(bridgedTopology(), 'nc0abc', { mode: 'bridged', flavour });

describe('planNetns, bridged', () => {
  it('names devices as neutron does: brq + networkId[:11], tap + portId[:11], vxlan-<vni>', () => {
    const { layout } = plan('neutron');
    for (const host of layout.hosts) {
      for (const b of host.bridges) {
        expect(b.name).toBe(`brq${b.networkId.slice(0, 11)}`);
        expect(b.uplinkPort).toBe(`vxlan-${b.vni}`);
      }
    }
    for (const p of layout.ports) {
      expect(p.hostInterface).toBe(`tap${p.portId.slice(0, 11)}`);
      expect(p.mac).toMatch(/^fa:16:3e:/);
    }
    const ids = layout.ports.map((p) => p.portId.slice(0, 10));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names devices as CloudStack does: cloudbr<k> per site, vnet<n> per host, a VXLAN uplink', () => {
    const { layout } = plan('cloudstack');
    const h1 = layout.hosts.find((h) => h.name === 'h1');
    expect(h1?.bridges.map((b) => [b.name, b.uplinkPort])).toEqual([
      ['cloudbr0', 'vxlan4000'],
      ['cloudbr1', 'vxlan4001'],
    ]);
    expect(layout.hosts.find((h) => h.name === 'hb')?.bridges.map((b) => b.name)).toEqual([
      'cloudbr0',
    ]);
    const onH1 = layout.ports.filter((p) => p.host === 'h1').map((p) => p.hostInterface);
    expect(onH1).toEqual(['vnet0', 'vnet1', 'vnet2']);
  });

  it('names generic devices after the run prefix, within 15 characters', () => {
    const { layout } = plan('generic');
    const names = [
      ...layout.hosts.flatMap((h) => h.bridges.flatMap((b) => [b.name, b.uplinkPort])),
      ...layout.ports.map((p) => p.hostInterface),
    ];
    for (const name of names) {
      expect(name.startsWith('nc0abc')).toBe(true);
      expect(name.length).toBeLessThanOrEqual(15);
    }
  });

  it('puts the gateway on the site router, joins every host by VXLAN with flood entries', () => {
    const p = plan('generic');
    const site = p.namespaces.find((ns) => ns.role === 'site' && ns.entity === 'a')?.script ?? '';
    expect(site).toContain('addr add 198.51.100.62/26 dev nc0abcb0');
    expect(site).toContain('fdb append 00:00:00:00:00:00 dev nc0abcv0 dst 192.0.2.1');
    expect(site).not.toMatch(/route add 198\.51\.100\.10\/32/);
    const h1 = p.namespaces.find((ns) => ns.role === 'host' && ns.entity === 'h1')?.script ?? '';
    expect(h1).toContain('echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables');
    expect(h1).toContain('type bridge stp_state 0');
    expect(h1).toContain('fdb append 00:00:00:00:00:00 dev nc0abcv0 dst 192.0.2.2');
    expect(h1).not.toContain('192.0.2.3');
    expect(h1).not.toContain('proxy_arp');
    const inst = p.namespaces.find((ns) => ns.entity === 'pub1')?.script ?? '';
    expect(inst).toContain('addr add 198.51.100.10/26 dev eth0');
    expect(inst).toContain('route add default via 198.51.100.62 dev eth0');
  });

  it("puts a site's nat networks behind its virtual router: SNAT to routerIp, routed back to it", () => {
    const t = twoSiteTopology();
    const withRouter = {
      ...t,
      networks: t.networks.filter((n) => n.kind !== 'private'),
      instances: t.instances.filter((i) => i.network !== 'priv'),
      sites: t.sites.map((s) => (s.name === 'a' ? { ...s, routerIp: '192.0.2.200' } : s)),
    };
    const p = planNetns(withRouter, 'nc0abc', { mode: 'bridged', flavour: 'neutron' });
    const site = p.namespaces.find((ns) => ns.role === 'site' && ns.entity === 'a')?.script ?? '';
    expect(site).toMatch(/addr add 192\.0\.2\.200\/32 dev \S+/);
    expect(site).toMatch(/oifname "\S+" ip saddr \{ 100\.64\.0\.0\/16 \} snat to 192\.0\.2\.200/);
    const siteB = p.namespaces.find((ns) => ns.role === 'site' && ns.entity === 'b')?.script;
    expect(siteB).not.toContain('snat');
    const internet = p.namespaces.find((ns) => ns.role === 'internet')?.script ?? '';
    expect(internet).toMatch(/route add 192\.0\.2\.200\/32 via 169\.254\.3\.1/);
    // The tenant pool itself is not routed in (NET-NAT-IN).
    expect(internet).not.toContain('100.64.0.10');
  });

  it('refuses nat networks and an instance holding the gateway address, saying what to do', () => {
    expect(() =>
      planNetns(twoSiteTopology(), 'nc0abc', { mode: 'bridged', flavour: 'generic' }),
    ).toThrow(/network "nat" is nat.*use routed plumbing/);
    const t = bridgedTopology();
    const taken = {
      ...t,
      instances: t.instances.map((i) => (i.name === 'pub1' ? { ...i, ip: '198.51.100.62' } : i)),
    };
    expect(() => planNetns(taken, 'nc0abc', { mode: 'bridged', flavour: 'generic' })).toThrow(
      /"pub1" has 198\.51\.100\.62, the gateway of network "pub".*another address/,
    );
  });

  it('gives each segment a pod-local DHCP/DNS server below the gateway, on the site router bridge', () => {
    const p = plan('generic');
    expect(
      p.podServers?.map((s) => [s.namespace, s.network, s.ip, s.mac, s.leases.length]),
    ).toEqual([
      ['netconform-nc0abc-d0', 'pub', '198.51.100.61', '02:64:00:00:00:00', 3],
      ['netconform-nc0abc-d1', 'priv', '100.65.255.253', '02:64:00:00:00:01', 2],
      ['netconform-nc0abc-d2', 'bpub', '198.51.100.125', '02:64:00:00:00:02', 1],
    ]);
    expect(p.podServers?.[0]?.leases[0]).toEqual({ mac: '02:6e:63:00:00:01', ip: '198.51.100.10' });
    const site = p.namespaces.find((ns) => ns.role === 'site' && ns.entity === 'a');
    expect(site?.links).toContain(
      'link add nc0abcd0 type veth peer name eth0 netns netconform-nc0abc-d0',
    );
    expect(site?.script).toContain('link set nc0abcd0 mtu 1400 master nc0abcb0');
    const server = p.namespaces.find((ns) => ns.name === 'netconform-nc0abc-d0');
    expect(server?.role).toBe('server');
    expect(server?.script).toContain('addr add 198.51.100.61/26 dev eth0');
    // Each instance's endpoint and host bridge name its segment's server.
    expect(p.endpoints.get('pub1')?.podServer).toEqual({
      ip: '198.51.100.61',
      mac: '02:64:00:00:00:00',
    });
    expect(p.layout.hosts[0]?.bridges[0]?.podServer).toBe('198.51.100.61');
    expect(planNetns(bridgedTopology(), 'nc0abc').podServers).toBeUndefined();
  });

  it('refuses an instance holding the pod server address, and pools smaller than a /29', () => {
    const t = bridgedTopology();
    const with_ = (ip: string, cidr = '198.51.100.0/26') => ({
      ...t,
      networks: t.networks.map((n) => (n.name === 'pub' ? { ...n, cidr } : n)),
      instances: t.instances.map((i) => (i.name === 'pub1' ? { ...i, ip } : i)),
    });
    const bridged = { mode: 'bridged', flavour: 'generic' } as const;
    expect(() => planNetns(with_('198.51.100.61'), 'nc0abc', bridged)).toThrow(
      /"pub1" has 198\.51\.100\.61, the pod-local DHCP\/DNS server of network "pub"/,
    );
    expect(() => planNetns(with_('198.51.100.1', '198.51.100.0/30'), 'nc0abc', bridged)).toThrow(
      /needs a \/29 or wider/,
    );
  });

  it('keeps routed plumbing without bridges, with fixed MACs and /32 ports', () => {
    const { layout } = planNetns(bridgedTopology(), 'nc0abc');
    expect(layout.plumbing).toEqual({ mode: 'routed' });
    expect(layout.hosts.every((h) => h.bridges.length === 0)).toBe(true);
    expect(layout.ports[0]).toMatchObject({
      bridge: null,
      prefixLength: 32,
      gateway: '169.254.1.1',
    });
  });
});
