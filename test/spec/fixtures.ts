/** Small builders for model tests: scenarios as data, verdicts as short strings. */
import {
  evaluateScenario,
  formatIssues,
  parseScenario,
  type Expectation,
  type ResolvedScenario,
  type ScenarioInput,
} from '../../spec/index.ts';

type TopologyInput = ScenarioInput['topology'];
type StepInput = NonNullable<ScenarioInput['steps']>[number];

/** Parses `input`, failing the test with the issues when it is invalid. */
export function resolve(input: ScenarioInput): ResolvedScenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`fixture is invalid:\n${formatIssues(parsed.issues)}`);
  return parsed.scenario;
}

/**
 * One site `s1` with a public (198.51.100.0/24), a nat (100.64.0.0/16) and a private
 * (100.65.0.0/16) network, host `h1` (192.0.2.11) and external `ext` (203.0.113.11).
 * `topology` fields replace the defaults.
 */
export function oneSite(
  profile: ScenarioInput['profile'],
  topology: Partial<TopologyInput>,
  steps: StepInput[],
): ScenarioInput {
  const kinds = profile === 'cloudstack' ? ['public'] : ['public', 'nat', 'private'];
  const networks = [
    { name: 'pub', site: 's1', kind: 'public' as const, cidr: '198.51.100.0/24' },
    { name: 'nat', site: 's1', kind: 'nat' as const, cidr: '100.64.0.0/16' },
    { name: 'priv', site: 's1', kind: 'private' as const, cidr: '100.65.0.0/16' },
  ].filter((n) => kinds.includes(n.kind));
  return {
    profile,
    topology: {
      sites: [{ name: 's1' }],
      networks,
      hosts: [{ name: 'h1', site: 's1', publicIp: '192.0.2.11' }],
      externals: [{ name: 'ext', ip: '203.0.113.11' }],
      ...topology,
    },
    steps,
  };
}

/** Every expectation of `input`, in step order. */
export function expectations(input: ScenarioInput): Expectation[] {
  return evaluateScenario(resolve(input)).results.map((r) => r.expectation);
}

/** `delivered from <ip>`, `blocked`, or the expectation's kind (`config`, `noop`, `flow`). */
export function verdict(e: Expectation): string {
  if (e.kind !== 'traffic') return e.kind;
  return e.delivered ? `delivered from ${e.seenFrom}` : 'blocked';
}

/** Verdicts of every step of `input`. */
export function verdicts(input: ScenarioInput): string[] {
  return expectations(input).map(verdict);
}

/** Requirement IDs of an expectation ([] for no-ops). */
export function ids(e: Expectation | undefined): readonly string[] {
  return e !== undefined && 'requirements' in e ? e.requirements : [];
}

/** A probe step. */
export function probe(
  from: string,
  to: string,
  protocol: 'tcp' | 'udp' | 'icmp',
  port?: number,
): StepInput {
  return { op: 'probe', from, to, protocol, ...(port === undefined ? {} : { port }) };
}

/** A rule: `rule('ingress', 'tcp', '198.51.100.0/24', '80')` or a `{ group }` remote. */
export function rule(
  direction: 'ingress' | 'egress',
  protocol: 'tcp' | 'udp' | 'icmp' | 'any',
  remote: string | { group: string },
  ports?: string,
) {
  return {
    direction,
    protocol,
    ...(ports === undefined ? {} : { ports }),
    remote: typeof remote === 'string' ? { cidr: remote } : remote,
  };
}

/** a (198.51.100.1, group out: egress any) -> b (198.51.100.2, group `in` with `rules`). */
export function ab(
  profile: 'safespring' | 'cloudstack',
  rules: ReturnType<typeof rule>[],
  steps: NonNullable<ScenarioInput['steps']>,
  extraGroups: { name: string; rules: ReturnType<typeof rule>[] }[] = [],
): ScenarioInput {
  return oneSite(
    profile,
    {
      instances: [
        { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
        { name: 'b', network: 'pub', host: 'h1', groups: ['in'] },
      ],
      groups: [
        { name: 'out', rules: [rule('egress', 'any', '0.0.0.0/0')] },
        { name: 'in', rules },
        ...extraGroups,
      ],
    },
    steps,
  );
}
