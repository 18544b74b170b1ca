/**
 * The Docker plan is the netns plan with containers for hosts and routers: same
 * interface names, same scripts, every container-to-container veth turned into one
 * VXLAN tunnel over the right internal network, hosts entered by namespace name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planDocker } from '../../../../containers/backends/docker/index.ts';
import { planNetns, planOverlays } from '../../../../containers/backends/netns/index.ts';
import { parseScenario } from '../../../../spec/index.ts';
import {
  bridgedTopology,
  scaledTopology,
  twoSiteTopology,
} from '../../../../fixtures/topologies.ts';

const base = planNetns(twoSiteTopology(), 'nctest');
const plan = planDocker(base);

describe('planDocker', () => {
  it('turns hosts, site routers and the internet router into containers, keeping their scripts', () => {
    const byRole = (role: string) =>
      plan.containers.filter((c) => c.role === role).map((c) => c.entity);
    expect(byRole('host').sort()).toEqual(['h1', 'h2', 'hb']);
    expect(byRole('site').sort()).toEqual(['a', 'b']);
    expect(byRole('internet')).toEqual(['internet']);
    for (const c of plan.containers) {
      expect(c.script).toBe(base.namespaces.find((ns) => ns.name === c.name)?.script);
    }
  });

  it('keeps instances and externals as machine namespaces attached by veths from their container', () => {
    expect(plan.machineNamespaces.map((ns) => ns.entity).sort()).toEqual(
      ['bpub', 'ext', 'nat1', 'nat2', 'priv1', 'pub1', 'pub2'].sort(),
    );
    const veths = plan.containers.flatMap((c) => c.links);
    expect(veths).toHaveLength(plan.machineNamespaces.length);
    for (const ns of plan.machineNamespaces) {
      expect(veths.filter((l) => l.endsWith(` netns ${ns.name}`))).toHaveLength(1);
    }
  });

  it('replaces each host-site and site-internet veth by one tunnel with a unique VNI', () => {
    // 3 hosts to their site router + 2 site routers to the internet router.
    expect(plan.tunnels).toHaveLength(5);
    expect(new Set(plan.tunnels.map((t) => t.vni)).size).toBe(5);
    const lanOf = (site: string) => plan.tunnels.filter((t) => t.network.endsWith(`-${site}-lan`));
    expect(lanOf('s0')).toHaveLength(2);
    expect(lanOf('s1')).toHaveLength(1);
    expect(plan.tunnels.filter((t) => t.network === 'netconform-nctest-wan')).toHaveLength(2);
    const h1 = base.layout.hosts.find((h) => h.name === 'h1');
    expect(plan.tunnels.some((t) => t.a.ifname === h1?.uplink || t.b.ifname === h1?.uplink)).toBe(
      true,
    );
  });

  it('joins each container to the networks of its tunnels only', () => {
    const networksOf = (entity: string) =>
      plan.containers.find((c) => c.entity === entity)?.networks;
    expect(networksOf('h1')).toEqual(['netconform-nctest-s0-lan']);
    expect([...(networksOf('a') ?? [])].sort()).toEqual([
      'netconform-nctest-s0-lan',
      'netconform-nctest-wan',
    ]);
    expect(networksOf('internet')).toEqual(['netconform-nctest-wan']);
    expect(plan.networks.map((n) => n.role).sort()).toEqual(['lan', 'lan', 'wan']);
  });

  it('gives drivers the docker layout: same ports, hosts entered through their bound namespace', () => {
    expect(plan.layout.backend).toBe('docker');
    expect(plan.layout.ports).toEqual(base.layout.ports);
    for (const host of plan.layout.hosts) {
      const ns = base.namespaces.find((n) => n.role === 'host' && n.entity === host.name);
      expect(host.enter).toEqual(['nsenter', `--net=/run/netns/${ns?.name}`]);
    }
  });

  it('scales: 20 instances on 4 hosts need 4 host tunnels and one site', () => {
    const big = planDocker(planNetns(scaledTopology(20, 4), 'ncbig'));
    expect(big.containers).toHaveLength(4 + 1 + 1);
    expect(big.tunnels).toHaveLength(5);
    expect(big.machineNamespaces).toHaveLength(21);
  });

  it('bridged: keeps the netns scripts (bridges, VXLAN ports, gateways) and the pod servers as machine namespaces', () => {
    const bridgedBase = planNetns(bridgedTopology(), 'ncbr', {
      mode: 'bridged',
      flavour: 'cloudstack',
    });
    const bridged = planDocker(bridgedBase);
    expect(bridged.containers.map((c) => c.role).sort()).toEqual(
      ['host', 'host', 'host', 'internet', 'site', 'site'].sort(),
    );
    for (const c of bridged.containers) {
      expect(c.script).toBe(bridgedBase.namespaces.find((ns) => ns.name === c.name)?.script);
    }
    const servers = bridgedBase.namespaces.filter((ns) => ns.role === 'server');
    expect(servers).toHaveLength(3);
    for (const server of servers) {
      expect(bridged.machineNamespaces).toContainEqual(server);
      // Attached by a veth from its site router's container, onto the segment's bridge.
      const from = bridged.containers.filter((c) =>
        c.links.some((l) => l.endsWith(` netns ${server.name}`)),
      );
      expect(from.map((c) => c.role)).toEqual(['site']);
    }
    expect(bridged.podServers.map((s) => s.namespace).sort()).toEqual(
      servers.map((s) => s.name).sort(),
    );
    expect(bridged.layout.plumbing).toEqual({ mode: 'bridged', flavour: 'cloudstack' });
    expect(bridged.layout.hosts.every((h) => h.bridges.length > 0)).toBe(true);
  });

  it('danube overlays: admin networks and the internet become containers; tunnels avoid the VNIs of overlays on their port', () => {
    const file = new URL('../../../../examples/danube-overlays.json', import.meta.url);
    const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.ok) throw new Error('examples/danube-overlays.json must be valid');
    const topology = parsed.scenario.topology;
    // An overlay on the tunnels' port with VNI 2: a tunnel taking 2 would steal its packets.
    const clashing = {
      ...topology,
      networks: topology.networks.map((n, i) => (i === 0 ? { ...n, vni: 2, udpPort: 4789 } : n)),
    };
    const overlayBase = planOverlays(clashing, 'ncov');
    const overlay = planDocker(overlayBase);
    expect(overlay.containers.filter((c) => c.role === 'host')).toHaveLength(topology.hosts.length);
    expect(overlay.containers.filter((c) => c.role === 'site').map((c) => c.entity)).toEqual(
      overlayBase.namespaces.filter((ns) => ns.role === 'site').map((ns) => ns.entity),
    );
    // Each host: one tunnel to its PDC's admin network (adm0), one to the internet (ext0).
    const ends = overlay.tunnels.flatMap((t) => [t.a.ifname, t.b.ifname]);
    expect(ends.filter((e) => e === 'ext0')).toHaveLength(topology.hosts.length);
    expect(ends.filter((e) => e === 'adm0')).toHaveLength(topology.hosts.length);
    const vnis = overlay.tunnels.map((t) => t.vni);
    expect(vnis).not.toContain(2);
    expect(new Set(vnis).size).toBe(vnis.length);
    expect(
      overlay.machineNamespaces.every((ns) => ns.role === 'instance' || ns.role === 'external'),
    ).toBe(true);
  });
});
