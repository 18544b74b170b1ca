/** The danube overlay semantics (seed 003): one switch per overlay, PDC paths, MTU, plaintext VXLAN. */
import { describe, expect, it } from 'vitest';
import { formatIssues, parseScenario, type ScenarioInput } from '../../../spec/index.ts';
import { expectations, ids, verdicts } from '../fixtures.ts';

type StepInput = NonNullable<ScenarioInput['steps']>[number];

/** Hosts a1, a2 in PDC pa and b1 in PDC pb; overlays red (vni 10) and blue (vni 20, mtu 1300). */
function danube(steps: StepInput[], networkExtra: object = {}): ScenarioInput {
  return {
    profile: 'danube',
    topology: {
      sites: [{ name: 'dc' }],
      networks: [
        {
          name: 'red',
          site: 'dc',
          kind: 'overlay',
          cidr: '100.66.0.0/24',
          vni: 10,
          ...networkExtra,
        },
        { name: 'blue', site: 'dc', kind: 'overlay', cidr: '100.66.1.0/24', vni: 20, mtu: 1300 },
      ],
      hosts: [
        { name: 'a1', site: 'dc', pdc: 'pa' },
        { name: 'a2', site: 'dc', pdc: 'pa' },
        { name: 'b1', site: 'dc', pdc: 'pb' },
      ],
      instances: [
        { name: 'r1', network: 'red', host: 'a1' },
        { name: 'r2', network: 'red', host: 'a2' },
        { name: 'r3', network: 'red', host: 'b1' },
        { name: 'r4', network: 'red', host: 'a1' },
        { name: 'b', network: 'blue', host: 'b1' },
      ],
      externals: [{ name: 'ext' }],
    },
    steps,
  };
}

describe('danube overlays', () => {
  it('OV-SWITCH: one overlay reaches across hosts and PDCs, with the sender address', () => {
    const steps: StepInput[] = [
      { op: 'probe', from: 'r1', to: 'r2', protocol: 'tcp', port: 80 },
      { op: 'probe', from: 'r1', to: 'r3', protocol: 'udp', port: 53 },
      { op: 'probe', from: 'r3', to: 'r4', protocol: 'icmp' },
    ];
    expect(verdicts(danube(steps))).toEqual([
      'delivered from 100.66.0.1',
      'delivered from 100.66.0.1',
      'delivered from 100.66.0.3',
    ]);
    const e = expectations(danube(steps));
    expect(ids(e[0])).toEqual(['OV-SWITCH', 'OV-PDC-PATH']);
    expect(ids(e[1])).toEqual(['OV-SWITCH', 'OV-PDC-PATH', 'OV-ENCRYPTED']);
  });

  it('OV-ISOLATION: other overlays and the Internet are unreachable both ways', () => {
    const steps: StepInput[] = [
      { op: 'probe', from: 'r3', to: 'b', protocol: 'icmp' },
      { op: 'probe', from: 'r1', to: 'ext', protocol: 'udp', port: 53 },
      { op: 'probe', from: 'ext', to: 'r1', protocol: 'tcp', port: 22 },
    ];
    const e = expectations(danube(steps));
    expect(e.map((x) => (x.kind === 'traffic' ? x.delivered : x.kind))).toEqual([
      false,
      false,
      false,
    ]);
    for (const x of e) expect(ids(x)).toEqual(['OV-ISOLATION']);
  });

  it('OV-MTU: up to the overlay MTU passes with DF, one byte more does not', () => {
    const steps: StepInput[] = [
      { op: 'mtuProbe', from: 'r1', to: 'r3', size: 1400 },
      { op: 'mtuProbe', from: 'r1', to: 'r3', size: 1401 },
      { op: 'mtuProbe', from: 'r1', to: 'r3', size: 1500 },
      { op: 'mtuProbe', from: 'r1', to: 'b', size: 100 },
    ];
    expect(verdicts(danube(steps))).toEqual([
      'delivered from null',
      'blocked',
      'blocked',
      'blocked',
    ]);
    expect(ids(expectations(danube(steps))[1])).toEqual(['OV-MTU']);
    // An overlay rule's own MTU replaces the default.
    expect(verdicts(danube(steps.slice(0, 2), { mtu: 1500 }))).toEqual([
      'delivered from null',
      'delivered from null',
    ]);
  });

  it('OV-PDC-PATH and OV-ENCRYPTED: what an eavesdropper sees in clear on each link', () => {
    const steps: StepInput[] = [
      { op: 'eavesdrop', from: 'r1', to: 'r2', port: 80, link: 'admin' },
      { op: 'eavesdrop', from: 'r1', to: 'r2', port: 80, link: 'internet' },
      { op: 'eavesdrop', from: 'r1', to: 'r3', port: 80, link: 'internet' },
      { op: 'eavesdrop', from: 'r1', to: 'r3', port: 80, link: 'admin' },
      { op: 'eavesdrop', from: 'r1', to: 'r4', port: 80, link: 'admin' },
      { op: 'eavesdrop', from: 'r1', to: 'b', port: 80, link: 'internet' },
    ];
    const e = expectations(danube(steps));
    expect(verdicts(danube(steps))).toEqual([
      'delivered from null',
      'blocked',
      'blocked',
      'blocked',
      'noop',
      'noop',
    ]);
    expect(e.slice(0, 4).map(ids)).toEqual([
      ['OV-PDC-PATH'],
      ['OV-PDC-PATH'],
      ['OV-ENCRYPTED'],
      ['OV-PDC-PATH'],
    ]);
  });

  it('OV-NO-PLAINTEXT-IN and -OUT: unencrypted VXLAN never crosses an external interface', () => {
    const steps: StepInput[] = [
      { op: 'forgeVxlan', from: 'ext', to: 'r3', port: 80 },
      { op: 'leakVxlan', from: 'r1', to: 'ext' },
      { op: 'forgeVxlan', from: 'r1', to: 'r3', port: 80 },
    ];
    const e = expectations(danube(steps));
    expect(verdicts(danube(steps))).toEqual(['blocked', 'blocked', 'noop']);
    expect(e.slice(0, 2).map(ids)).toEqual([['OV-NO-PLAINTEXT-IN'], ['OV-NO-PLAINTEXT-OUT']]);
  });

  it('overlay steps are no-ops on profiles without overlays', () => {
    const input: ScenarioInput = {
      profile: 'safespring',
      topology: {
        sites: [{ name: 's' }],
        networks: [{ name: 'p', site: 's', kind: 'public', cidr: '198.51.100.0/24' }],
        hosts: [{ name: 'h', site: 's' }],
        instances: [
          { name: 'x', network: 'p', host: 'h' },
          { name: 'y', network: 'p', host: 'h' },
        ],
      },
      steps: [{ op: 'mtuProbe', from: 'x', to: 'y', size: 1500 }],
    };
    expect(verdicts(input)).toEqual(['noop']);
  });

  it('rejects overlays without a VXLAN number, shared numbers and overlay fields elsewhere', () => {
    const bad = danube([]);
    const nets = bad.topology.networks!;
    const issues = (input: unknown): string => {
      const parsed = parseScenario(input);
      return parsed.ok ? '' : formatIssues(parsed.issues);
    };
    const { vni: _v, ...noVni } = nets[0] as { vni: number };
    expect(issues({ ...bad, topology: { ...bad.topology, networks: [noVni, nets[1]] } })).toMatch(
      /networks\[0\]\.vni.*no VXLAN number/s,
    );
    expect(
      issues({
        ...bad,
        topology: { ...bad.topology, networks: [nets[0], { ...nets[1], vni: 10 }] },
      }),
    ).toMatch(/networks\[1\]\.vni.*like "red"/s);
    const safe = {
      profile: 'safespring',
      topology: {
        sites: [{ name: 's' }],
        networks: [{ name: 'p', site: 's', kind: 'public', cidr: '198.51.100.0/24', mtu: 1400 }],
      },
    };
    expect(issues(safe)).toMatch(/networks\[0\]\.mtu.*applies to overlay networks/s);
    expect(issues({ ...safe, profile: 'danube' })).toMatch(/has no "public" networks/);
  });
});
