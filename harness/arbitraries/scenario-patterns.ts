/**
 * Names the interesting patterns a scenario contains (reply after a rule change,
 * NAT to the Internet, ...): used to check and report that generation is biased
 * toward what breaks implementations (`fc.statistics`, the bias test). Syntactic:
 * it replays configuration steps on the group memberships, not the full model.
 */
import type { Rule, ScenarioInput } from '../../spec/index.ts';
import { RULE_RANGES } from './port-universe.ts';

/** Every pattern `scenarioPatterns` can report. */
export const SCENARIO_PATTERNS = [
  'reply-after-change',
  'nat-to-internet',
  'private-to-internet-wide-egress',
  'internet-to-nat-or-private',
  'range-upper-bound-probe',
  'spoof',
  'remote-group-change-then-traffic',
  'icmp-without-icmp-rule',
  'traffic-to-two-group-instance',
  'instance-without-group',
  'cross-site-traffic',
] as const;

export type ScenarioPattern = (typeof SCENARIO_PATTERNS)[number];

type StepInput = NonNullable<ScenarioInput['steps']>[number];

const isConfig = (s: StepInput): boolean =>
  s.op === 'addRule' || s.op === 'removeRule' || s.op === 'attachGroup' || s.op === 'detachGroup';

const UPPER_BOUNDS = new Set<number>(RULE_RANGES.map((r) => r.hi));

/** The patterns present in `scenario` (each at most once, in `SCENARIO_PATTERNS` order). */
export function scenarioPatterns(scenario: ScenarioInput): ScenarioPattern[] {
  const t = scenario.topology;
  const networks = new Map((t.networks ?? []).map((n) => [n.name, n]));
  const instances = new Map((t.instances ?? []).map((i) => [i.name, i]));
  const externals = new Set((t.externals ?? []).map((e) => e.name));
  const kindOf = (name: string) => networks.get(instances.get(name)?.network ?? '')?.kind;
  const siteOf = (name: string) => networks.get(instances.get(name)?.network ?? '')?.site;
  const members = new Map([...instances.values()].map((i) => [i.name, [...(i.groups ?? [])]]));
  const rules = new Map((t.groups ?? []).map((g) => [g.name, [...(g.rules ?? [])] as Rule[]]));
  const allRules = (): Rule[] => [...rules.values()].flat();
  const rulesOf = (instance: string): Rule[] =>
    (members.get(instance) ?? []).flatMap((g) => rules.get(g) ?? []);

  const found = new Set<ScenarioPattern>();
  if ([...instances.values()].some((i) => (i.groups ?? []).length === 0))
    found.add('instance-without-group');
  const lastOpen = new Map<string, number>();
  let remoteGroupChangedAt = -1;
  (scenario.steps ?? []).forEach((s, i) => {
    const steps = scenario.steps ?? [];
    switch (s.op) {
      case 'addRule':
        rules.set(s.group, [...(rules.get(s.group) ?? []), s.rule]);
        return;
      case 'removeRule': {
        const list = rules.get(s.group) ?? [];
        const at = list.findIndex((r) => JSON.stringify(r) === JSON.stringify(s.rule));
        if (at >= 0) rules.set(s.group, [...list.slice(0, at), ...list.slice(at + 1)]);
        return;
      }
      case 'attachGroup':
      case 'detachGroup': {
        const current = members.get(s.instance) ?? [];
        members.set(
          s.instance,
          s.op === 'attachGroup' ? [...current, s.group] : current.filter((g) => g !== s.group),
        );
        const named = allRules().some((r) => 'group' in r.remote && r.remote.group === s.group);
        if (named) remoteGroupChangedAt = i;
        return;
      }
      case 'send': {
        const opened = lastOpen.get(s.flow);
        if (
          s.direction === 'reply' &&
          opened !== undefined &&
          steps.slice(opened + 1, i).some(isConfig)
        )
          found.add('reply-after-change');
        return;
      }
      case 'spoof':
        found.add('spoof');
        return;
      case 'close':
        lastOpen.delete(s.flow);
        return;
      case 'open':
      case 'probe': {
        if (s.op === 'open') lastOpen.set(s.flow, i);
        const toInternet =
          externals.has(s.to) || (instances.has(s.to) && siteOf(s.to) !== siteOf(s.from));
        const fromKind = kindOf(s.from);
        if (fromKind === 'nat' && toInternet) found.add('nat-to-internet');
        const wideEgress = rulesOf(s.from).some(
          (r) => r.direction === 'egress' && 'cidr' in r.remote && r.remote.cidr === '0.0.0.0/0',
        );
        if (fromKind === 'private' && toInternet && wideEgress)
          found.add('private-to-internet-wide-egress');
        const toKind = kindOf(s.to);
        if ((toKind === 'nat' || toKind === 'private') && externals.has(s.from))
          found.add('internet-to-nat-or-private');
        if (instances.has(s.from) && instances.has(s.to) && siteOf(s.from) !== siteOf(s.to))
          found.add('cross-site-traffic');
        if (s.port !== undefined && s.protocol !== 'icmp' && UPPER_BOUNDS.has(s.port)) {
          const bound = `-${s.port}`;
          if (allRules().some((r) => r.ports?.endsWith(bound) === true))
            found.add('range-upper-bound-probe');
        }
        if (
          s.protocol === 'icmp' &&
          !rulesOf(s.to).some((r) => r.protocol === 'icmp' || r.protocol === 'any')
        )
          found.add('icmp-without-icmp-rule');
        if ((members.get(s.to) ?? []).length >= 2) found.add('traffic-to-two-group-instance');
        if (remoteGroupChangedAt >= 0) found.add('remote-group-change-then-traffic');
        return;
      }
    }
  });
  return SCENARIO_PATTERNS.filter((p) => found.has(p));
}
