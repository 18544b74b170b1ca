/** The netns build plan, checked without root: names, routes, what is never routed. */
import { describe, expect, it } from 'vitest';
import {
  planNetns,
  prefixOfNamespace,
  randomRunPrefix,
  checkRunPrefix,
} from '../../../../containers/backends/index.ts';
import { scaledTopology, twoSiteTopology } from '../../../../fixtures/topologies.ts';

const ifnames = (text: string): string[] =>
  [...text.matchAll(/\blink add (\S+) (?:address \S+ )?type veth peer name (\S+)/g)].flatMap(
    (m) => [m[1] as string, m[2] as string],
  );

describe('planNetns', () => {
  const plan = planNetns(twoSiteTopology(), 'nc0abc');
  const byRole = (role: string) => plan.namespaces.filter((ns) => ns.role === role);

  it('has one namespace per instance, host, site and external, plus the internet router', () => {
    expect(byRole('instance')).toHaveLength(6);
    expect(byRole('host')).toHaveLength(3);
    expect(byRole('site')).toHaveLength(2);
    expect(byRole('external')).toHaveLength(1);
    expect(byRole('internet')).toHaveLength(1);
    const names = plan.namespaces.map((ns) => ns.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(prefixOfNamespace(name)).toBe('nc0abc');
  });

  it('keeps interface names within 15 characters and unique in the run', () => {
    const big = planNetns(scaledTopology(300, 7), 'nc0abc');
    const names = big.namespaces
      .flatMap((ns) => ifnames(ns.links.join('\n')))
      .filter((n) => n !== 'eth0');
    // host veths, uplinks and their router ends, internet-site link pair, internet-external
    expect(names.length).toBe(300 + 7 + 7 + 2 + 1);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(15);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives the internet router no default route and no route to nat/private pools', () => {
    const script = byRole('internet')[0]?.script ?? '';
    expect(script).not.toMatch(/route add default/);
    expect(script).toMatch(/route add 198\.51\.100\.10\/32 /);
    expect(script).toMatch(/route add 192\.0\.2\.1\/32 /);
    expect(script).toMatch(/route add 203\.0\.113\.5\/32 /);
    expect(script).not.toMatch(/100\.6[45]\./);
  });

  it('routes every instance of a site in its site router, and sets per-namespace sysctls only', () => {
    const site =
      plan.namespaces.find((ns) => ns.role === 'site' && ns.entity === 'a')?.script ?? '';
    for (const ip of [
      '198.51.100.10',
      '100.64.0.10',
      '100.65.0.10',
      '198.51.100.11',
      '100.64.0.11',
    ]) {
      expect(site).toContain(`route add ${ip}/32 via`);
    }
    expect(site).not.toContain('198.51.100.70');
    for (const ns of plan.namespaces)
      expect(ns.script).not.toMatch(/sysctl -w|nf_conntrack_tcp_loose/);
    expect(byRole('instance')[0]?.script).toContain('rp_filter');
  });

  it('exposes uplinks, enter commands and host-side veths for drivers', () => {
    expect(plan.layout.hosts.map((h) => [h.name, h.enter.join(' ')])).toContainEqual([
      'h1',
      'nsenter --net=/run/netns/netconform-nc0abc-h0',
    ]);
    expect(plan.layout.ports).toHaveLength(6);
    const hostScript = plan.namespaces.find((ns) => ns.entity === 'h1')?.script ?? '';
    for (const port of plan.layout.ports.filter((p) => p.host === 'h1')) {
      expect(hostScript).toContain(`dev ${port.hostInterface}`);
    }
    expect(hostScript).toContain(`addr add 192.0.2.1/32 dev ${plan.layout.hosts[0]?.uplink}`);
  });

  it('refuses unresolved topologies and bad prefixes with a message saying what to do', () => {
    const t = twoSiteTopology();
    const unresolved = { ...t, hosts: [{ name: 'h1', site: 'a' }] } as unknown as typeof t;
    expect(() => planNetns(unresolved, 'nc0abc')).toThrow(/resolve the topology/);
    expect(() => checkRunPrefix('Bad-Prefix')).toThrow(/lowercase letter/);
    expect(checkRunPrefix(randomRunPrefix())).toMatch(/^nc[a-z0-9]{4}$/);
  });
});
