import { describe, expect, it } from 'vitest';
import {
  assignSlots,
  planNetns,
  planReshape,
  type BuildPlan,
} from '../../../../containers/backends/netns/index.ts';
import { scriptParts } from '../../../../containers/backends/netns/plan-script.ts';
import type { ResolvedTopology } from '../../../../spec/index.ts';
import { twoSiteTopology } from '../../../../fixtures/topologies.ts';

const routed = { mode: 'routed' } as const;
const planFrom = (from: BuildPlan, to: ResolvedTopology): BuildPlan =>
  planNetns(to, from.prefix, routed, assignSlots(to, from.slots));

/** Site a only: pub1 moved from h1 to h2, a new host h3 holding pub3 in bpub's place. */
function reshaped(): ResolvedTopology {
  const t = twoSiteTopology();
  return {
    ...t,
    sites: [{ name: 'a' }],
    networks: t.networks.filter((n) => n.site === 'a'),
    hosts: [
      { name: 'h3', site: 'a', publicIp: '192.0.2.9' },
      ...t.hosts.filter((h) => h.site === 'a'),
    ],
    instances: [
      ...t.instances
        .filter((i) => i.name !== 'bpub')
        .map((i) => (i.name === 'pub1' ? { ...i, host: 'h2' } : i)),
      {
        name: 'pub3',
        network: 'pub',
        host: 'h3',
        ip: '198.51.100.12',
        account: 'default',
        groups: [],
      },
    ],
  };
}

describe('planReshape', () => {
  it('keeps everything and runs nothing when the topology is the same', () => {
    const from = planNetns(twoSiteTopology(), 'nc0abc');
    const steps = planReshape(from, planFrom(from, twoSiteTopology()));
    expect(steps).toMatchObject({ prune: [], remove: [], create: [], links: [], configure: [] });
    expect(steps?.flushNeighbours).toHaveLength(6);
    expect([...(steps?.keptEndpoints ?? [])].sort()).toEqual(
      ['bpub', 'ext', 'nat1', 'nat2', 'priv1', 'pub1', 'pub2'].sort(),
    );
  });

  it('keeps host and site numbers of kept entities; a new host takes the lowest free one', () => {
    const from = planNetns(twoSiteTopology(), 'nc0abc');
    const to = planFrom(from, reshaped());
    expect(to.slots?.hosts).toEqual(
      new Map([
        ['h3', 2],
        ['h1', 0],
        ['h2', 1],
      ]),
    );
    // A fresh plan numbers by topology index.
    expect(planNetns(reshaped(), 'nc0abc').slots?.hosts.get('h3')).toBe(0);
  });

  it('removes what goes, creates what is new, deletes gone routes and adds new lines', () => {
    const from = planNetns(twoSiteTopology(), 'nc0abc');
    const to = planFrom(from, reshaped());
    const steps = planReshape(from, to);
    if (steps === null) throw new Error('expected a reshape');
    const ns = (role: string) => `netconform-nc0abc-${role}`;
    // i0 (pub1) moved host, i5 is pub3 now, site b went; h3 takes hb's number 2.
    expect([...steps.remove].sort()).toEqual([ns('i0'), ns('i5'), ns('h2'), ns('s1')].sort());
    expect(steps.create.map((n) => n.name).sort()).toEqual([ns('i0'), ns('i5'), ns('h2')].sort());
    expect([...steps.keptEndpoints].sort()).toEqual(['ext', 'nat1', 'nat2', 'priv1', 'pub2']);
    const prune = new Map(steps.prune.map((s) => [s.namespace, scriptParts(s.script).batch]));
    // h1 loses pub1's veth (its route goes with it).
    expect(prune.get(ns('h0'))).toEqual(['link del nc0abci0']);
    // The site router forgets the moved instance's route via h1.
    expect(prune.get(ns('s0'))).toEqual(['route del 198.51.100.10/32 via 192.0.2.1 dev nc0abch0']);
    // The internet router: site b's link (its routes go with it); pub1 stays routed via site a.
    expect(prune.get(ns('w'))).toEqual(['link del nc0abcs1']);
    const configure = new Map(steps.configure.map((s) => [s.namespace, scriptParts(s.script)]));
    expect(configure.get(ns('h1'))?.batch).toEqual([
      'link set nc0abci0 up',
      'route add 198.51.100.10/32 dev nc0abci0',
    ]);
    expect(configure.get(ns('h1'))?.sysctls).toEqual([
      'net/ipv4/conf/nc0abci0/proxy_arp=1',
      'net/ipv4/neigh/nc0abci0/proxy_delay=0',
    ]);
    expect(configure.get(ns('s0'))?.batch).toEqual([
      'link set nc0abch2 up',
      'addr add 169.254.2.1/32 dev nc0abch2',
      'route add 192.0.2.9/32 dev nc0abch2',
      'route add 198.51.100.12/32 via 192.0.2.9 dev nc0abch2',
      'route add 198.51.100.10/32 via 192.0.2.2 dev nc0abch1',
    ]);
    // A kept parent makes the link of a new child; a new host makes its own.
    expect(steps.links).toEqual([
      {
        namespace: ns('h1'),
        lines: [
          `link add nc0abci0 address ee:ee:ee:ee:ee:ee type veth peer name eth0 netns ${ns('i0')}`,
        ],
      },
    ]);
  });

  it('does not reshape bridged plumbing or across prefixes', () => {
    const bridged = { mode: 'bridged', flavour: 'generic' } as const;
    const t = twoSiteTopology();
    const noNat = { ...t, instances: t.instances.filter((i) => !i.name.startsWith('nat')) };
    noNat.networks = t.networks.filter((n) => n.kind !== 'nat');
    expect(
      planReshape(planNetns(noNat, 'nc0abc', bridged), planNetns(noNat, 'nc0abc', bridged)),
    ).toBe(null);
    expect(planReshape(planNetns(t, 'nc0abc'), planNetns(t, 'nc0def'))).toBe(null);
  });

  it('reads back what namespaceScript wrote', () => {
    const plan = planNetns(twoSiteTopology(), 'nc0abc');
    const host = plan.namespaces.find((n) => n.role === 'host');
    const parts = scriptParts(host?.script ?? '');
    expect(parts.sysctls).toContain('net/ipv4/conf/*/rp_filter=0');
    expect(parts.batch[0]).toBe('link set lo up');
    expect(() => scriptParts('rm -rf /\n')).toThrow(/not a line namespaceScript writes/);
  });
});
