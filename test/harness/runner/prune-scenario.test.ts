import { describe, expect, it } from 'vitest';
import { withoutNoopSteps, withoutUnusedTopology } from '../../../harness/runner/index.ts';
import {
  evaluateScenario,
  parseScenario,
  toScenarioInput,
  type ResolvedScenario,
  type ScenarioInput,
} from '../../../spec/index.ts';

const parse = (input: ScenarioInput): ResolvedScenario => {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
};

/** Two sites; a and b talk, the rest is what a shrunk repro drags along. */
const shrunk = parse({
  profile: 'safespring',
  topology: {
    sites: [{ name: 's1' }, { name: 's2' }],
    networks: [
      { name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/25' },
      { name: 'nat', site: 's1', kind: 'nat', cidr: '100.64.0.0/16' },
      { name: 'far', site: 's2', kind: 'public', cidr: '198.51.100.128/25' },
    ],
    hosts: [
      { name: 'h1', site: 's1' },
      { name: 'h2', site: 's1' },
      { name: 'h3', site: 's2' },
    ],
    instances: [
      { name: 'a', network: 'pub', host: 'h1', groups: ['web'] },
      { name: 'idle', network: 'nat', host: 'h2', groups: ['unused'] },
      { name: 'b', network: 'pub', host: 'h1' },
      { name: 'far', network: 'far', host: 'h3' },
    ],
    groups: [
      {
        name: 'web',
        rules: [{ direction: 'ingress', protocol: 'any', remote: { group: 'peers' } }],
      },
      { name: 'peers' },
      { name: 'unused' },
      { name: 'db' },
    ],
    externals: [{ name: 'internet' }, { name: 'dns' }],
  },
  steps: [
    { op: 'attachGroup', instance: 'b', group: 'db' },
    { op: 'detachGroup', instance: 'gone', group: 'web' },
    { op: 'send', flow: 'never-opened', direction: 'forward' },
    { op: 'probe', from: 'b', to: 'a', protocol: 'tcp', port: 80 },
    { op: 'probe', from: 'a', to: 'internet', protocol: 'icmp' },
  ],
});

describe('pruning a shrunk repro', () => {
  it('drops the steps the model treats as no-ops, and only those', () => {
    const kept = withoutNoopSteps(shrunk);
    expect(kept.steps.map((s) => s.op)).toEqual(['attachGroup', 'probe', 'probe']);
    const expectations = evaluateScenario(kept).results.map((r) => r.expectation);
    expect(expectations.filter((e) => e.kind === 'noop')).toEqual([]);
    // The remaining steps expect the same as before.
    const before = evaluateScenario(shrunk).results.filter((r) => r.expectation.kind !== 'noop');
    expect(expectations).toEqual(before.map((r) => r.expectation));
  });

  it('keeps only the topology the remaining steps need, with the same addresses', () => {
    const pruned = withoutUnusedTopology(withoutNoopSteps(shrunk));
    const t = pruned.topology;
    expect(t.instances.map((i) => i.name)).toEqual(['a', 'b']);
    expect(t.networks.map((n) => n.name)).toEqual(['pub']);
    expect(t.hosts.map((h) => h.name)).toEqual(['h1']);
    expect(t.sites.map((s) => s.name)).toEqual(['s1']);
    // web (a's group), peers (a remote of web's rule), db (attached by a step).
    expect(t.groups.map((g) => g.name)).toEqual(['web', 'peers', 'db']);
    expect(t.externals.map((e) => e.name)).toEqual(['internet']);
    const ip = (s: ResolvedScenario, name: string) =>
      s.topology.instances.find((i) => i.name === name)?.ip;
    expect(ip(pruned, 'b')).toBe(ip(shrunk, 'b'));
    // The pruned scenario is a valid file on its own, with the same expectations.
    const reparsed = parse(toScenarioInput(pruned));
    expect(evaluateScenario(reparsed).results.map((r) => r.expectation)).toEqual(
      evaluateScenario(withoutNoopSteps(shrunk)).results.map((r) => r.expectation),
    );
  });

  it('leaves one site when only externals remain', () => {
    const pruned = withoutUnusedTopology({ ...shrunk, steps: [] });
    expect(pruned.topology.sites.map((s) => s.name)).toEqual(['s1']);
    expect(pruned.topology.instances).toEqual([]);
    expect(parseScenario(toScenarioInput(pruned)).ok).toBe(true);
  });
});
