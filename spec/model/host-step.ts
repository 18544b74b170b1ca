/**
 * Configuration steps about an instance's NIC and placement: a secondary address
 * added to it (L2-SECONDARY-IP) and a migration to another host (CS-MIGRATE). Both
 * are CloudStack operations; profiles without the promise treat them as no-ops.
 */
import { cidrContains, ipToInt, parseCidr, usableRange } from '../address/index.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Step } from '../schema/scenario.ts';
import type { RequirementId } from '../requirements/index.ts';
import { deriveSame, indexOf } from './topology-index.ts';
import type { FlowState, ModelState, ResolvedTopology, StepResult } from './types.ts';

type HostStep = Extract<Step, { op: 'addIp' | 'migrate' }>;

function noop(state: ModelState, reason: string): StepResult {
  return { state, expectation: { kind: 'noop', reason } };
}

function config(
  state: ModelState,
  topology: ResolvedTopology,
  flows: ModelState['flows'],
  id: RequirementId,
  reason: string,
): StepResult {
  return {
    state: { ...state, topology, flows },
    expectation: { kind: 'config', requirements: [id], reason },
  };
}

/** Why `ip` cannot be added to `instance`, or null. */
function addIpProblem(t: ResolvedTopology, instance: string, ip: string): string | null {
  const inst = t.instances.find((i) => i.name === instance);
  if (inst === undefined) return `instance ${instance} does not exist`;
  const network = t.networks.find((n) => n.name === inst.network);
  if (network === undefined) return `network ${inst.network} does not exist`;
  const usable = usableRange(parseCidr(network.cidr));
  const address = ipToInt(ip);
  if (!cidrContains(parseCidr(network.cidr), address) || address < usable.first)
    return `${ip} is not a usable address of ${network.name} (${network.cidr})`;
  if (address > usable.last) return `${ip} is not a usable address of ${network.name}`;
  const owner = t.instances.find((i) => i.ip === ip || (i.secondaryIps ?? []).includes(ip));
  if (owner !== undefined) return `${ip} already belongs to ${owner.name}`;
  if (t.externals.some((e) => e.ip === ip)) return `${ip} is an external host's address`;
  return null;
}

/** L2-SECONDARY-IP: the instance may now send from `ip` too. */
function addIp(profile: Profile, state: ModelState, step: Extract<HostStep, { op: 'addIp' }>) {
  if (!profile.requirements.includes('L2-SECONDARY-IP'))
    return noop(state, `${profile.name} offers no secondary addresses on a NIC`);
  const t = state.topology;
  const problem = addIpProblem(t, step.instance, step.ip);
  if (problem !== null) return noop(state, problem);
  const instances = t.instances.map((i) =>
    i.name === step.instance ? { ...i, secondaryIps: [...(i.secondaryIps ?? []), step.ip] } : i,
  );
  const topology = { ...t, instances };
  // Endpoints, groups and members are keyed by first addresses: the index stays valid.
  deriveSame(indexOf(t), topology);
  return config(
    state,
    topology,
    state.flows,
    'L2-SECONDARY-IP',
    `${step.ip} added to the NIC of ${step.instance}`,
  );
}

/** CS-MIGRATE: the instance moves; its flows may drop, so the model stops tracking them. */
function migrate(profile: Profile, state: ModelState, step: Extract<HostStep, { op: 'migrate' }>) {
  if (!profile.requirements.includes('CS-MIGRATE'))
    return noop(state, `${profile.name} promises nothing about migrated instances`);
  const t = state.topology;
  const inst = t.instances.find((i) => i.name === step.instance);
  if (inst === undefined) return noop(state, `instance ${step.instance} does not exist`);
  const host = t.hosts.find((h) => h.name === step.host);
  if (host === undefined) return noop(state, `host ${step.host} does not exist`);
  if (inst.host === host.name) return noop(state, `${inst.name} already runs on ${host.name}`);
  const site = t.networks.find((n) => n.name === inst.network)?.site;
  if (host.site !== site) return noop(state, `${host.name} is not in ${inst.name}'s site`);
  const instances = t.instances.map((i) =>
    i.name === inst.name ? { ...i, host: host.name, migratedFrom: i.migratedFrom ?? i.host } : i,
  );
  const flows: Record<string, FlowState> = {};
  const dropped: string[] = [];
  for (const key in state.flows) {
    const f = state.flows[key]!;
    if (f.from === inst.name || f.to === inst.name) dropped.push(f.name);
    else flows[key] = f;
  }
  const lost = dropped.length > 0 ? `; flows ${dropped.join(', ')} may drop and are forgotten` : '';
  return config(
    state,
    { ...t, instances },
    flows,
    'CS-MIGRATE',
    `${inst.name} migrates from ${inst.host} to ${host.name}, its rules with it${lost}`,
  );
}

/** Applies an `addIp` or `migrate` step. */
export function hostStep(profile: Profile, state: ModelState, step: HostStep): StepResult {
  return step.op === 'addIp' ? addIp(profile, state, step) : migrate(profile, state, step);
}

/** Whether `instance` was migrated by an earlier step (CS-MIGRATE decides its new flows). */
export function migrated(state: ModelState, instance: string): boolean {
  return state.topology.instances.some((i) => i.name === instance && i.migratedFrom !== undefined);
}
