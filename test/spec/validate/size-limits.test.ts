/**
 * Topology size is capped at validation time: a file over a limit is bad input naming
 * the collection and the limit, before anything is built; a file at every limit is valid
 * (and builds on the netns dataplane: docs/cli.md "Scenario size limits").
 */
import { describe, expect, it } from 'vitest';
import {
  formatIssues,
  parseScenario,
  SCENARIO_LIMITS,
  type ScenarioInput,
} from '../../../spec/index.ts';

type Topology = ScenarioInput['topology'];
const L = SCENARIO_LIMITS;

/** `sites` sites with two hosts, a public and a nat network each; `n` instances spread over them. */
function sized(counts: { sites?: number; instances?: number; externals?: number }): Topology {
  const siteCount = counts.sites ?? 1;
  const sites = Array.from({ length: siteCount }, (_, k) => ({ name: `s${k}` }));
  return {
    sites,
    networks: sites.flatMap((s, k) => [
      { name: `pub${k}`, site: s.name, kind: 'public' as const, cidr: `198.51.100.${k * 16}/28` },
      { name: `nat${k}`, site: s.name, kind: 'nat' as const, cidr: `100.${64 + k}.0.0/16` },
    ]),
    hosts: sites.flatMap((s, k) => [0, 1].map((j) => ({ name: `h${k}-${j}`, site: s.name }))),
    instances: Array.from({ length: counts.instances ?? 0 }, (_, i) => ({
      name: `vm${i}`,
      network: `nat${i % siteCount}`,
      host: `h${i % siteCount}-0`,
    })),
    externals: Array.from({ length: counts.externals ?? 0 }, (_, e) => ({ name: `ext${e}` })),
  };
}

const rule = (port: number) => ({
  direction: 'ingress' as const,
  protocol: 'tcp' as const,
  ports: String(port),
  remote: { cidr: '0.0.0.0/0' },
});

function issuesOf(input: ScenarioInput): string {
  const parsed = parseScenario(input);
  return parsed.ok ? '' : formatIssues(parsed.issues);
}

describe('scenario size limits', () => {
  it('10,000 instances are bad input naming the collection, the count and the limit', () => {
    const started = performance.now();
    const text = issuesOf({ profile: 'safespring', topology: sized({ instances: 10_000 }) });
    expect(text).toBe(
      `topology.instances: 10000 instances: at most ${L.instances} are allowed ` +
        '(hint: split the scenario into smaller ones (each instance is a namespace with its own ' +
        'probe agent (~50 MB); limits in docs/cli.md))',
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('more sites than the dataplane can route are rejected, not left to fail at build time', () => {
    const sites = Array.from({ length: 255 }, (_, k) => ({ name: `s${k}` }));
    const text = issuesOf({ profile: 'safespring', topology: { sites } });
    expect(text).toMatch(/^topology\.sites: 255 sites: at most 16 are allowed/);
  });

  it('every other limit: networks, hosts, externals, groups, rules, groups per instance, steps', () => {
    const t = sized({ sites: 1, instances: 1 });
    const groups = Array.from({ length: L.groups + 1 }, (_, g) => ({ name: `g${g}` }));
    const probe = { op: 'probe' as const, from: 'vm0', to: 'ext0', protocol: 'icmp' as const };
    const input: ScenarioInput = {
      profile: 'safespring',
      topology: {
        ...t,
        networks: Array.from({ length: L.networks + 1 }, (_, n) => ({
          name: `n${n}`,
          site: 's0',
          kind: 'nat' as const,
          cidr: `100.${64 + n}.0.0/16`,
        })),
        hosts: Array.from({ length: L.hosts + 1 }, (_, h) => ({ name: `h0-${h}`, site: 's0' })),
        instances: [
          { name: 'vm0', network: 'n0', host: 'h0-0', groups: groups.map((g) => g.name) },
        ],
        externals: Array.from({ length: L.externals + 1 }, (_, e) => ({ name: `ext${e}` })),
        groups: [
          {
            name: 'big',
            rules: Array.from({ length: L.rulesPerGroup + 1 }, (_, r) => rule(r + 1)),
          },
          ...groups.slice(1),
        ],
      },
      steps: Array.from({ length: L.steps + 1 }, () => probe),
    };
    const paths = issuesOf(input)
      .split('\n')
      .map((line) => line.slice(0, line.indexOf(':')));
    expect(paths).toEqual([
      'topology.networks',
      'topology.hosts',
      'topology.externals',
      'topology.groups',
      'topology.groups[0].rules',
      'topology.instances[0].groups',
      'steps',
    ]);
  });

  it('a scenario at every limit is valid', () => {
    const t = sized({ sites: L.sites, instances: L.instances, externals: L.externals });
    const groups = Array.from({ length: L.groups }, (_, g) => ({
      name: `g${g}`,
      rules: Array.from({ length: L.rulesPerGroup }, (_, r) => rule(r + 1)),
    }));
    const instances = (t.instances ?? []).map((inst, i) => ({
      ...inst,
      groups: Array.from({ length: L.groupsPerInstance }, (_, j) => `g${(i + j) % L.groups}`),
    }));
    const probe = { op: 'probe' as const, from: 'vm0', to: 'ext0', protocol: 'icmp' as const };
    const input: ScenarioInput = {
      profile: 'safespring',
      topology: { ...t, instances, groups },
      steps: Array.from({ length: L.steps }, () => probe),
    };
    expect(t.networks).toHaveLength(L.networks);
    expect(t.hosts).toHaveLength(L.hosts);
    expect(issuesOf(input)).toBe('');
  });
});
