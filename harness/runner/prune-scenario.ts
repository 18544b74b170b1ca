/**
 * Pruning a shrunk repro. fast-check shrinks steps and topology independently, so a
 * shrunk scenario often keeps steps the model ignores (no-ops, e.g. naming an
 * instance shrinking removed) and topology no remaining step needs. Pure: the runner
 * confirms that the pruned scenario still fails before keeping it.
 */
import {
  evaluateScenario,
  type ResolvedScenario,
  type ResolvedTopology,
  type Rule,
  type Step,
} from '../../spec/index.ts';

/** `scenario` without the steps the model treats as no-ops (they change nothing). */
export function withoutNoopSteps(scenario: ResolvedScenario): ResolvedScenario {
  const { results } = evaluateScenario(scenario);
  const steps = results.filter((r) => r.expectation.kind !== 'noop').map((r) => r.step);
  return { ...scenario, steps };
}

const remoteGroups = (rules: readonly Rule[]): string[] =>
  rules.flatMap((r) => ('group' in r.remote ? [r.remote.group] : []));

/** Instance, external and group names `step` refers to. */
function namesOf(step: Step): { endpoints: string[]; groups: string[]; hosts?: string[] } {
  switch (step.op) {
    case 'addIp':
      return { endpoints: [step.instance], groups: [] };
    case 'podQuery':
      return { endpoints: [step.from], groups: [] };
    case 'migrate':
      return { endpoints: [step.instance], groups: [], hosts: [step.host] };
    case 'addRule':
    case 'removeRule':
      return { endpoints: [], groups: [step.group, ...remoteGroups([step.rule])] };
    case 'attachGroup':
    case 'detachGroup':
      return { endpoints: [step.instance], groups: [step.group] };
    case 'open':
    case 'probe':
    case 'spoof':
    case 'macSpoof':
    case 'arpSpoof':
    case 'broadcast':
    case 'rogueDhcp':
    case 'snoop':
    case 'stray':
    case 'mtuProbe':
    case 'eavesdrop':
    case 'forgeVxlan':
    case 'leakVxlan':
      return { endpoints: [step.from, step.to], groups: [] };
    case 'send':
    case 'close':
      return { endpoints: [], groups: [] };
  }
}

/**
 * `scenario` with only the topology its steps need: the instances and externals they
 * name, those instances' networks, hosts and groups, every group a kept rule names as
 * remote, and the sites of what is kept. Addresses are resolved, so they do not move.
 */
export function withoutUnusedTopology(scenario: ResolvedScenario): ResolvedScenario {
  const t = scenario.topology;
  const endpoints = new Set<string>();
  const groups = new Set<string>();
  const namedHosts = new Set<string>();
  for (const step of scenario.steps) {
    const names = namesOf(step);
    names.endpoints.forEach((n) => endpoints.add(n));
    names.hosts?.forEach((n) => namedHosts.add(n));
    names.groups.forEach((n) => groups.add(n));
  }
  const instances = t.instances.filter((i) => endpoints.has(i.name));
  instances.forEach((i) => i.groups.forEach((g) => groups.add(g)));
  // Remote groups of kept groups' rules, transitively.
  const byName = new Map(t.groups.map((g) => [g.name, g]));
  const pending = [...groups];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const remote of remoteGroups(byName.get(name)?.rules ?? [])) {
      if (!groups.has(remote)) pending.push(remote);
      groups.add(remote);
    }
  }
  const networks = t.networks.filter((n) => instances.some((i) => i.network === n.name));
  const hosts = t.hosts.filter(
    (h) => namedHosts.has(h.name) || instances.some((i) => i.host === h.name),
  );
  const siteNames = new Set([...networks, ...hosts].map((x) => x.site));
  const sites = t.sites.filter((s) => siteNames.has(s.name));
  const topology: ResolvedTopology = {
    ...t,
    // A topology needs a site even when only externals remain.
    sites: sites.length > 0 ? sites : t.sites.slice(0, 1),
    networks,
    hosts,
    instances,
    groups: t.groups.filter((g) => groups.has(g.name)),
    externals: t.externals.filter((e) => endpoints.has(e.name)),
  };
  return { ...scenario, topology };
}
