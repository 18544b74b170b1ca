/** One test per kind of invalid file: the issue names the JSON path and a hint. */
import { describe, expect, it } from 'vitest';
import {
  formatIssues,
  parseScenario,
  type ScenarioInput,
  type ScenarioIssue,
} from '../../../spec/index.ts';
import { oneSite, probe, rule } from '../fixtures.ts';

const inst = (name: string, network: string, extra: object = {}) => ({
  name,
  network,
  host: 'h1',
  groups: [],
  ...extra,
});

function issuesOf(input: unknown): ScenarioIssue[] {
  const parsed = parseScenario(input);
  if (parsed.ok) throw new Error('expected the scenario to be rejected');
  return parsed.issues;
}

/** The one issue at `path` (fails when there is none). */
function issueAt(input: unknown, path: string): ScenarioIssue {
  const issues = issuesOf(input);
  const found = issues.find((i) => i.path === path);
  if (found === undefined) throw new Error(`no issue at ${path}; got:\n${formatIssues(issues)}`);
  expect(found.hint.length).toBeGreaterThan(5);
  return found;
}

const withTopology = (t: Partial<ScenarioInput['topology']>, steps: ScenarioInput['steps'] = []) =>
  oneSite('safespring', t, steps ?? []);

describe('schema errors', () => {
  it('an unknown field', () => {
    const i = issueAt(
      withTopology({ instances: [{ ...inst('a', 'pub'), colour: 'red' } as never] }),
      'topology.instances[0]',
    );
    expect(i.message).toContain('colour');
    expect(i.hint).toContain('remove "colour"');
  });
  it('a missing field', () => {
    const i = issueAt(
      withTopology({ instances: [{ name: 'a', host: 'h1' } as never] }),
      'topology.instances[0].network',
    );
    expect(i.message).toBe('missing required field "network"');
  });
  it('an unknown step op', () => {
    expect(issueAt(withTopology({}, [{ op: 'teleport' } as never]), 'steps[0].op').hint).toContain(
      'addRule',
    );
  });
  it('a malformed CIDR', () => {
    issueAt(
      withTopology({
        networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/33' }],
      }),
      'topology.networks[0].cidr',
    );
  });
  it('a port out of range, on a step and in a rule', () => {
    expect(
      issueAt(withTopology({}, [probe('ext', 'ext', 'tcp', 70000)]), 'steps[0].port').hint,
    ).toBe('ports are 1-65535');
    issueAt(
      withTopology({
        groups: [{ name: 'g', rules: [rule('ingress', 'tcp', '0.0.0.0/0', '0-10')] }],
      }),
      'topology.groups[0].rules[0].ports',
    );
  });
  it('a remote that is neither a cidr nor a group', () => {
    const bad = {
      name: 'g',
      rules: [{ direction: 'ingress', protocol: 'tcp', remote: { host: 'x' } }],
    };
    expect(
      issueAt(withTopology({ groups: [bad as never] }), 'topology.groups[0].rules[0].remote').hint,
    ).toContain('"cidr"');
  });
  it('a profile that does not exist', () => {
    issueAt({ ...withTopology({}), profile: 'azure' }, 'profile');
  });
});

describe('cross-reference errors', () => {
  it('an unknown network, host, site or group', () => {
    const input = withTopology({
      hosts: [
        { name: 'h1', site: 's1' },
        { name: 'h2', site: 'nowhere' },
      ],
      instances: [{ name: 'a', network: 'lan', host: 'h9', groups: ['web'] }],
      groups: [{ name: 'db', rules: [rule('ingress', 'tcp', { group: 'ghost' }, '5432')] }],
    });
    expect(issueAt(input, 'topology.instances[0].network').message).toBe('unknown network "lan"');
    expect(issueAt(input, 'topology.instances[0].host').message).toBe('unknown host "h9"');
    expect(issueAt(input, 'topology.hosts[1].site').message).toBe('unknown site "nowhere"');
    expect(issueAt(input, 'topology.instances[0].groups[0]').hint).toContain('known: db');
    expect(issueAt(input, 'topology.groups[0].rules[0].remote.group').message).toBe(
      'unknown group "ghost"',
    );
  });
  it('a network kind the profile lacks', () => {
    const input = oneSite(
      'cloudstack',
      { networks: [{ name: 'n', site: 's1', kind: 'nat', cidr: '100.64.0.0/16' }] },
      [],
    );
    expect(issueAt(input, 'topology.networks[0].kind').hint).toBe('use one of: public');
  });
  it('an instance on a host of another site than its network', () => {
    const input = withTopology({
      sites: [{ name: 's1' }, { name: 's2' }],
      hosts: [
        { name: 'h1', site: 's1' },
        { name: 'h2', site: 's2' },
      ],
      instances: [{ name: 'a', network: 'pub', host: 'h2', groups: [] }],
    });
    expect(issueAt(input, 'topology.instances[0].host').hint).toContain('site "s1"');
  });
  it('duplicate names, and an external named like an instance', () => {
    const input = withTopology({
      instances: [inst('a', 'pub'), inst('a', 'pub')],
      externals: [{ name: 'a' }],
    });
    expect(issueAt(input, 'topology.instances[1].name').message).toContain('duplicate name "a"');
    issueAt(input, 'topology.externals[0].name');
  });
});

describe('address errors', () => {
  it('a network cidr with host bits set', () => {
    const input = withTopology({
      networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.5/24' }],
    });
    expect(issueAt(input, 'topology.networks[0].cidr').hint).toContain('198.51.100.0/24');
  });
  it('pools, host and external addresses outside the address plan', () => {
    const input = withTopology({
      networks: [
        { name: 'pub', site: 's1', kind: 'public', cidr: '10.0.0.0/24' },
        { name: 'nat', site: 's1', kind: 'nat', cidr: '198.51.100.0/24' },
      ],
      hosts: [{ name: 'h1', site: 's1', publicIp: '8.8.8.8' }],
      externals: [{ name: 'ext', ip: '1.1.1.1' }],
    });
    expect(issueAt(input, 'topology.networks[0].cidr').hint).toContain('198.51.100.0/24');
    expect(issueAt(input, 'topology.networks[1].cidr').hint).toContain('100.64.0.0/10');
    expect(issueAt(input, 'topology.hosts[0].publicIp').hint).toContain('192.0.2.0/24');
    expect(issueAt(input, 'topology.externals[0].ip').hint).toContain('203.0.113.0/24');
  });
  it('overlapping networks', () => {
    const input = withTopology({
      networks: [
        { name: 'a', site: 's1', kind: 'nat', cidr: '100.64.0.0/16' },
        { name: 'b', site: 's1', kind: 'private', cidr: '100.64.128.0/24' },
      ],
    });
    expect(issueAt(input, 'topology.networks[1].cidr').message).toContain('overlaps network "a"');
  });
  it('an address outside its pool, or the network/broadcast address', () => {
    const input = withTopology({
      instances: [
        inst('a', 'pub', { ip: '100.64.0.5' }),
        inst('b', 'pub', { ip: '198.51.100.0' }),
        inst('c', 'pub', { ip: '198.51.100.255' }),
      ],
    });
    expect(issueAt(input, 'topology.instances[0].ip').hint).toContain(
      '198.51.100.1 to 198.51.100.254',
    );
    issueAt(input, 'topology.instances[1].ip');
    issueAt(input, 'topology.instances[2].ip');
  });
  it('duplicate addresses', () => {
    const input = withTopology({
      instances: [
        inst('a', 'pub', { ip: '198.51.100.7' }),
        inst('b', 'pub', { ip: '198.51.100.7' }),
      ],
    });
    expect(issueAt(input, 'topology.instances[1].ip').message).toContain(
      'topology.instances[0].ip',
    );
  });
  it('a pool with no free address left', () => {
    const input = withTopology({
      networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/30' }],
      instances: [inst('a', 'pub'), inst('b', 'pub'), inst('c', 'pub')],
    });
    expect(issueAt(input, 'topology.instances[2].ip').hint).toContain('widen');
  });
});

describe('rule and step errors', () => {
  it('ports on an icmp rule or an any rule', () => {
    const input = withTopology(
      { groups: [{ name: 'g', rules: [rule('ingress', 'icmp', '0.0.0.0/0', '8')] }] },
      [{ op: 'addRule', group: 'g', rule: rule('egress', 'any', '0.0.0.0/0', '80') }],
    );
    expect(issueAt(input, 'topology.groups[0].rules[0].ports').message).toBe(
      '"ports" on an icmp rule',
    );
    issueAt(input, 'steps[0].rule.ports');
  });
  it('a tcp or udp traffic step without a port', () => {
    const input = withTopology({}, [
      probe('ext', 'ext', 'udp'),
      { op: 'open', flow: 'f', from: 'ext', to: 'ext', protocol: 'tcp' },
    ]);
    expect(issueAt(input, 'steps[0].port').hint).toContain('"port"');
    issueAt(input, 'steps[1].port');
  });
  it('steps naming absent things are valid (they are no-ops)', () => {
    const parsed = parseScenario(
      withTopology({}, [
        probe('ghost', 'ext', 'tcp', 80),
        { op: 'addRule', group: 'nope', rule: rule('ingress', 'tcp', { group: 'nobody' }, '80') },
        { op: 'send', flow: 'never', direction: 'reply' },
        { op: 'attachGroup', instance: 'x', group: 'y' },
      ]),
    );
    expect(parsed.ok).toBe(true);
  });
});

describe('formatIssues', () => {
  it('prints one issue per line as "<path>: <message> (hint: ...)"', () => {
    const text = formatIssues([
      { path: 'topology.instances[2].network', message: 'unknown network "x"', hint: 'declare it' },
      { path: 'steps[0].port', message: 'm', hint: 'h' },
    ]);
    expect(text).toBe(
      'topology.instances[2].network: unknown network "x" (hint: declare it)\nsteps[0].port: m (hint: h)',
    );
  });
});
