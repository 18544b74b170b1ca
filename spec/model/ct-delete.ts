/**
 * NEUTRON-CT-DELETE: which conntrack entries a removal deletes on a neutron host, per
 * flow end (`ct-ends.ts`). Neutron's ip_conntrack builds `conntrack -D` from the removed
 * rule's protocol and direction and the port's address only:
 *
 * - a rule goes from group G: at the end of every port in G, the entries of the rule's
 *   protocol (every protocol for `any`) whose original destination (ingress rule) or
 *   source (egress rule) is that port, whatever their ports and remote; nothing when an
 *   identical rule stays in G (neutron compares rule dicts);
 * - a port leaves group G: every entry of that port at its end; and at the end of every
 *   port whose rules name G as remote group, the entries between that port and the
 *   leaving member.
 *
 * Each deletion is labelled `cut` when the remaining rules no longer admit the entry's
 * original direction as new (CT-FLUSH-ON-REMOVE) and `coarse` when they still do (only
 * neutron's scope takes it). Pure.
 */
import type { Profile } from '../profiles/profile.ts';
import type { Step } from '../schema/scenario.ts';
import { decideNewFlow } from './admission.ts';
import { sameRule } from './compiled-rule.ts';
import { judgeAtEnd, withEnds } from './ct-ends.ts';
import { indexOf, type TopologyIndex } from './topology-index.ts';
import type { FlowEnd, FlowState, ModelState, ResolvedTopology } from './types.ts';

type Removal = Extract<Step, { op: 'removeRule' | 'detachGroup' }>;

/** Whether `index`'s rules admit `end.entry`'s original direction as a new flow. */
function stillAdmitted(
  profile: Profile,
  index: TopologyIndex,
  flow: FlowState,
  end: FlowEnd,
): boolean {
  const from = index.endpoints.get(flow.from);
  const to = index.endpoints.get(flow.to);
  if (from === undefined || to === undefined) return false;
  if (end.entry?.orig !== 'reply')
    return decideNewFlow(profile, index, from, to, flow.protocol, flow.port ?? 0).admitted;
  // An entry the reply created: its original direction is the server's, to the opener.
  const both: FlowEnd = { zone: '', ports: [flow.from, flow.to], entry: null };
  return judgeAtEnd(profile, index, both, flow, 'reply').ok;
}

/** Whether the removal's `conntrack -D` commands at `end` match `flow`'s entry there. */
function deletes(
  step: Removal,
  after: ResolvedTopology,
  index: TopologyIndex,
  flow: FlowState,
  end: FlowEnd,
): boolean {
  const entry = end.entry;
  if (entry === null) return false;
  const src = entry.orig === 'forward' ? flow.from : flow.to;
  const dst = entry.orig === 'forward' ? flow.to : flow.from;
  const inGroup = (port: string, group: string) =>
    (index.instanceGroups.get(port) ?? []).includes(group);
  if (step.op === 'removeRule') {
    const rule = step.rule;
    if (rule.protocol !== 'any' && rule.protocol !== flow.protocol) return false;
    const port = rule.direction === 'ingress' ? dst : src;
    return end.ports.includes(port) && inGroup(port, step.group);
  }
  // The leaving port's own entries (_clean_updated_sg_member_conntrack_entries).
  if (end.ports.includes(step.instance)) return true;
  // Its address leaves the group's ipset: entries between it and ports naming the group.
  const peer = flow.from === step.instance ? flow.to : flow.to === step.instance ? flow.from : null;
  if (peer === null || !end.ports.includes(peer)) return false;
  return (index.instanceGroups.get(peer) ?? []).some((g) =>
    after.groups
      .find((x) => x.name === g)
      ?.rules.some((r) => 'group' in r.remote && r.remote.group === step.group),
  );
}

/** `flows` after `step` (already applied to `after`) deleted neutron's scope of entries. */
export function deleteByNeutronScope(
  profile: Profile,
  after: ResolvedTopology,
  step: Removal,
  flows: ModelState['flows'],
): ModelState['flows'] {
  // Neutron deletes for rules that are gone from the group, not for a duplicate's removal.
  if (
    step.op === 'removeRule' &&
    after.groups.find((g) => g.name === step.group)?.rules.some((r) => sameRule(r, step.rule))
  )
    return flows;
  const index = indexOf(after);
  const next: Record<string, FlowState> = {};
  for (const key in flows) {
    const flow = flows[key]!;
    const ends = flow.ends;
    if (ends === undefined || !ends.some((e) => deletes(step, after, index, flow, e))) {
      next[key] = flow;
      continue;
    }
    next[key] = withEnds(
      flow,
      ends.map((end) => {
        if (!deletes(step, after, index, flow, end)) return end;
        const kind = stillAdmitted(profile, index, flow, end) ? 'coarse' : 'cut';
        return { zone: end.zone, ports: end.ports, entry: null, lost: { entry: end.entry!, kind } };
      }),
    );
  }
  return next;
}
