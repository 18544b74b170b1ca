/** Resolved scenario -> plain JSON scenario that parses back to an equal one. */
import type { ScenarioInput } from '../schema/scenario.ts';
import type { ResolvedScenario } from '../model/types.ts';

/**
 * A plain JSON scenario (ScenarioInput) from a resolved one: every address, account
 * and default group written out, so it round-trips through `parseScenario`.
 */
export function toScenarioInput(scenario: ResolvedScenario): ScenarioInput {
  const t = scenario.topology;
  const input: ScenarioInput = {
    profile: scenario.profile,
    ...(scenario.description === undefined ? {} : { description: scenario.description }),
    topology: {
      sites: t.sites.map((s) =>
        s.routerIp === undefined ? { name: s.name } : { name: s.name, routerIp: s.routerIp },
      ),
      networks: t.networks.map((n) => ({ name: n.name, site: n.site, kind: n.kind, cidr: n.cidr })),
      hosts: t.hosts.map((h) => ({ name: h.name, site: h.site, publicIp: h.publicIp })),
      instances: t.instances.map((i) => ({
        name: i.name,
        network: i.network,
        host: i.host,
        ip: i.ip,
        account: i.account,
        groups: [...i.groups],
      })),
      groups: t.groups.map((g) => ({ name: g.name, account: g.account, rules: g.rules })),
      externals: t.externals.map((e) => ({ name: e.name, ip: e.ip })),
    },
    steps: [...scenario.steps],
  };
  // A deep copy: callers may edit the result (shrinkers do) without touching the model's data.
  return JSON.parse(JSON.stringify(input)) as ScenarioInput;
}
