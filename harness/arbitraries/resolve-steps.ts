/**
 * Resolves abstract steps into schema steps against a topology, replaying the
 * configuration steps on a small local copy of the groups so that `removeRule` and
 * `detachGroup` pick what exists at that point. A step with nothing to act on is
 * dropped. Pure and deterministic.
 */
import type { Rule, ScenarioInput, TrafficProtocol } from '../../spec/index.ts';
import { intToIp, parseCidr, profiles, usableRange } from '../../spec/index.ts';
import type { AbstractStep, L2Pick, SpoofSourcePick, TrafficPick } from './abstract-step.ts';
import type { EndpointPick, InstancePick } from './picks.ts';
import { ABSENT, pickFrom, type InstanceView, type TopologyView } from './topology-view.ts';

/** The gateway of a bridged segment: its last usable address (docs/backends.md). */
export function gatewayOf(cidr: string): string {
  return intToIp(usableRange(parseCidr(cidr)).last);
}
import { resolveGroup, resolveInstance, resolveRule } from './resolve-rule.ts';

type StepInput = NonNullable<ScenarioInput['steps']>[number];

/** Flow names, reused once closed: few names keep repros readable. */
export const FLOW_NAMES = ['f1', 'f2', 'f3'] as const;

interface Endpoint {
  readonly name: string;
  readonly ip: string | undefined;
}

class Resolver {
  private readonly memberships: Map<string, readonly string[]>;
  private readonly rules: Map<string, readonly Rule[]>;
  /** Open flows, oldest first, with their protocol (icmp has no bare reply). */
  private flows: { name: string; protocol: TrafficProtocol }[] = [];
  private lastAdded: { group: string; rule: Rule } | undefined;
  /** Secondary addresses added so far, per instance. */
  private readonly secondaries = new Map<string, readonly string[]>();
  /** Where each instance runs after the migrations so far. */
  private readonly placement = new Map<string, string>();
  /** False where the platform cannot change an instance's groups (cloudstack): no such steps. */
  private readonly groupChanges: boolean;

  constructor(
    private readonly view: TopologyView,
    groups: readonly { readonly name: string; readonly rules?: readonly Rule[] }[],
  ) {
    this.memberships = new Map(view.instances.map((i) => [i.name, i.groups]));
    this.rules = new Map(groups.map((g) => [g.name, g.rules ?? []]));
    this.groupChanges = profiles[view.profile].groupChangesAfterCreate;
  }

  private endpoint(pick: EndpointPick, avoid?: string): Endpoint {
    const list: Endpoint[] =
      pick.kind === 'external'
        ? [...this.view.externals]
        : (() => {
            const first = resolveInstance(this.view, pick);
            const rest = this.view.instances.filter((i) => i !== first);
            return first === undefined ? [] : [first, ...rest];
          })();
    const start = pick.kind === 'external' ? pick.pick : 0;
    // Prefer the picked candidate, then the next ones, so a flow never targets its source.
    for (let k = 0; k < list.length; k++) {
      const c = list[(start + k) % list.length];
      if (c !== undefined && c.name !== avoid) return c;
    }
    const other = [...this.view.externals, ...this.view.instances].find((e) => e.name !== avoid);
    return other ?? { name: ABSENT, ip: undefined };
  }

  private traffic(t: TrafficPick): {
    from: string;
    to: string;
    protocol: TrafficProtocol;
    port?: number;
  } {
    const from = this.endpoint(t.from);
    const to = this.endpoint(t.to, from.name);
    return t.protocol === 'icmp'
      ? { from: from.name, to: to.name, protocol: t.protocol }
      : { from: from.name, to: to.name, protocol: t.protocol, port: t.port };
  }

  private flow(recent: number): { name: string; protocol: TrafficProtocol } | undefined {
    return this.flows.length === 0
      ? undefined
      : this.flows[this.flows.length - 1 - (recent % this.flows.length)];
  }

  private spoofSource(
    source: SpoofSourcePick,
    exclude: readonly (string | undefined)[],
    from?: InstanceView,
  ): string | undefined {
    const candidates = [
      ...this.sourcePick(source, from),
      ...this.view.externals.map((e) => e.ip),
      ...this.view.instances.map((i) => i.ip),
      ...this.view.hostIps,
    ];
    return candidates.find((ip) => ip !== undefined && !exclude.includes(ip));
  }

  private sourcePick(
    source: SpoofSourcePick,
    from: InstanceView | undefined,
  ): (string | undefined)[] {
    switch (source.kind) {
      case 'instanceIp':
        return [resolveInstance(this.view, source.instance)?.ip];
      case 'externalIp':
        return [pickFrom(this.view.externals, source.pick)?.ip];
      case 'secondary':
        return [this.secondaries.get(from?.name ?? ABSENT)?.at(-1)];
      case 'gateway':
        return [from?.cidr === undefined ? undefined : gatewayOf(from.cidr)];
    }
  }

  /** An instance of `from`'s segment other than `from`, starting at `pick`. */
  private neighbour(from: InstanceView, pick: InstancePick): InstanceView | undefined {
    const segment = this.view.instances.filter((i) => i.network === from.network && i !== from);
    const first = resolveInstance(this.view, pick);
    return segment.includes(first as InstanceView) ? first : segment[0];
  }

  /** A free usable address of `instance`'s network (not its gateway), or undefined. */
  private freeAddress(instance: InstanceView, pick: number): string | undefined {
    if (instance.cidr === undefined) return undefined;
    const { first, last } = usableRange(parseCidr(instance.cidr));
    const used = new Set([
      ...this.view.instances.map((i) => i.ip),
      ...[...this.secondaries.values()].flat(),
    ]);
    // Far from the bottom, where the allocator hands out first addresses, and below the
    // two top ones: the gateway and the pod-local DHCP/DNS server of bridged plumbing.
    const span = Math.min(last - first - 1, 64);
    for (let k = 0; k < span; k++) {
      const ip = intToIp(last - 2 - ((pick + k) % span));
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }

  private l2(step: L2Pick): StepInput | undefined {
    const from = resolveInstance(this.view, step.from);
    const to = from === undefined ? undefined : this.neighbour(from, step.to);
    if (from === undefined || to === undefined) return undefined;
    const ends = { from: from.name, to: to.name };
    switch (step.what) {
      case 'macSpoof':
      case 'snoop':
        return { op: step.what, ...ends, port: step.port };
      case 'broadcast':
        return {
          op: 'broadcast',
          ...ends,
          port: step.port,
          ...(step.flag ? { multicast: true as const } : {}),
        };
      case 'rogueDhcp':
        return { op: 'rogueDhcp', ...ends };
      case 'stray':
        return { op: 'stray', ...ends, segment: step.flag ? 'fin' : 'ack', port: step.port };
      case 'arpSpoof': {
        const owned = [from.ip, ...(this.secondaries.get(from.name) ?? [])];
        const claimed = this.spoofSource(step.claimed, owned, from);
        if (claimed === undefined) return undefined;
        return {
          op: 'arpSpoof',
          ...ends,
          claimed,
          ...(step.flag ? { gratuitous: true as const } : {}),
        };
      }
    }
  }

  /** The evolving state, to roll back a chunk that is not kept. */
  save(): () => void {
    const memberships = new Map(this.memberships);
    const rules = new Map(this.rules);
    const secondaries = new Map(this.secondaries);
    const { flows, lastAdded } = this;
    return () => {
      this.secondaries.clear();
      for (const [k, v] of secondaries) this.secondaries.set(k, v);
      this.memberships.clear();
      for (const [k, v] of memberships) this.memberships.set(k, v);
      this.rules.clear();
      for (const [k, v] of rules) this.rules.set(k, v);
      this.flows = flows;
      this.lastAdded = lastAdded;
    };
  }

  resolve(step: AbstractStep): StepInput | undefined {
    switch (step.op) {
      case 'addRule': {
        const group = resolveGroup(this.view, this.memberships, step.group);
        const rule = resolveRule(this.view, this.memberships, step.rule);
        this.rules.set(group, [...(this.rules.get(group) ?? []), rule]);
        this.lastAdded = { group, rule };
        return { op: 'addRule', group, rule };
      }
      case 'removeRule': {
        const group = resolveGroup(this.view, this.memberships, step.group);
        const rule = pickFrom(this.rules.get(group) ?? [], step.pick);
        return rule === undefined ? undefined : this.remove(group, rule);
      }
      case 'removeLastAdded': {
        const last = this.lastAdded;
        this.lastAdded = undefined;
        return last === undefined ? undefined : this.remove(last.group, last.rule);
      }
      case 'attachGroup': {
        const instance = resolveInstance(this.view, step.instance);
        if (instance === undefined || !this.groupChanges) return undefined;
        const current = this.memberships.get(instance.name) ?? [];
        // The picked group, or (when already a member) another one, so attaching changes something.
        const picked = resolveGroup(this.view, this.memberships, step.group);
        const others = this.view.groups.filter((g) => !current.includes(g));
        const group = current.includes(picked) ? pickFrom(others, step.group.pick) : picked;
        // Already in every group: nothing to attach.
        if (group === undefined) return undefined;
        this.memberships.set(instance.name, [...current, group]);
        return { op: 'attachGroup', instance: instance.name, group };
      }
      case 'ensureGroup': {
        const instance = resolveInstance(this.view, step.instance);
        const current = this.memberships.get(instance?.name ?? ABSENT) ?? [];
        const others = this.view.groups.filter((g) => !current.includes(g));
        const group = pickFrom(others, step.instance.pick);
        const enough = current.length >= (step.atLeast ?? 1);
        if (!this.groupChanges || instance === undefined || enough) return undefined;
        if (group === undefined) return undefined;
        this.memberships.set(instance.name, [...current, group]);
        return { op: 'attachGroup', instance: instance.name, group };
      }
      case 'detachGroup': {
        const instance = resolveInstance(this.view, step.instance);
        const group = pickFrom(this.memberships.get(instance?.name ?? ABSENT) ?? [], step.pick);
        if (instance === undefined || group === undefined || !this.groupChanges) return undefined;
        const rest = (this.memberships.get(instance.name) ?? []).filter((g) => g !== group);
        this.memberships.set(instance.name, rest);
        return { op: 'detachGroup', instance: instance.name, group };
      }
      case 'open': {
        // Opening an open flow is a no-op: with no free name, probe instead.
        const flow = FLOW_NAMES.find((f) => !this.flows.some((o) => o.name === f));
        const traffic = this.traffic(step);
        if (flow === undefined) return { op: 'probe', ...traffic };
        this.flows = [...this.flows, { name: flow, protocol: traffic.protocol }];
        return { op: 'open', flow, ...traffic };
      }
      case 'send': {
        const flow = this.flow(step.flow.recent);
        if (flow === undefined) return undefined;
        // An icmp echo reply needs a forward echo: send that instead.
        const direction = flow.protocol === 'icmp' ? 'forward' : step.direction;
        return { op: 'send', flow: flow.name, direction };
      }
      case 'close': {
        const flow = this.flow(step.flow.recent);
        if (flow === undefined) return undefined;
        this.flows = this.flows.filter((f) => f !== flow);
        return { op: 'close', flow: flow.name };
      }
      case 'probe': {
        const traffic = this.traffic(step);
        const closed = step.closedPort === true && traffic.protocol === 'udp';
        return { op: 'probe', ...traffic, ...(closed ? { closedPort: true as const } : {}) };
      }
      case 'l2':
        return this.l2(step);
      case 'podQuery': {
        const from = resolveInstance(this.view, step.from);
        return from === undefined
          ? undefined
          : { op: 'podQuery', from: from.name, service: step.service };
      }
      case 'migrate':
        return this.migrate(step.instance, step.near);
      case 'addIp': {
        const instance = resolveInstance(this.view, step.instance);
        const ip = instance === undefined ? undefined : this.freeAddress(instance, step.pick);
        if (instance === undefined || ip === undefined) return undefined;
        this.secondaries.set(instance.name, [...(this.secondaries.get(instance.name) ?? []), ip]);
        return { op: 'addIp', instance: instance.name, ip };
      }
      case 'spoof': {
        const from = this.endpoint(step.from);
        const to = this.endpoint(step.to, from.name);
        // Neither the sender's own address nor the receiver's: a third party's (or the
        // sender's secondary one, which it may use).
        const spoofedSource = this.spoofSource(
          step.source,
          [from.ip, to.ip],
          this.view.instances.find((i) => i.name === from.name),
        );
        return spoofedSource === undefined
          ? undefined
          : { op: 'spoof', from: from.name, to: to.name, spoofedSource, port: step.port };
      }
    }
  }

  /** CS-MIGRATE: `pick` moves next to `near`, or to another host of its site. */
  private migrate(pick: InstancePick, near: InstancePick): StepInput | undefined {
    const instance = resolveInstance(this.view, pick);
    if (instance === undefined) return undefined;
    const hostOf = (i: InstanceView) => this.placement.get(i.name) ?? i.host;
    const from = hostOf(instance);
    const beside = resolveInstance(this.view, near);
    const candidates = this.view.hosts.filter((h) => h.site === instance.site && h.name !== from);
    const target =
      candidates.find((h) => beside !== undefined && h.name === hostOf(beside)) ?? candidates[0];
    if (target === undefined) return undefined;
    this.placement.set(instance.name, target.name);
    return { op: 'migrate', instance: instance.name, host: target.name };
  }

  private remove(group: string, rule: Rule): StepInput {
    const rules = this.rules.get(group) ?? [];
    const at = rules.indexOf(rule);
    this.rules.set(group, at < 0 ? rules : [...rules.slice(0, at), ...rules.slice(at + 1)]);
    // A structural copy: the model matches rules by value, not identity.
    return { op: 'removeRule', group, rule: structuredClone(rule) };
  }
}

/**
 * Resolves chunks (a template, or a single random step) in order, keeping at most
 * `maxSteps` schema steps. A chunk that no longer fits is skipped whole (a template
 * cut before its probe tests nothing) and later, shorter chunks may fill the room;
 * only a first chunk longer than `maxSteps` is cut, so a scenario is never empty.
 */
export function resolveChunks(
  view: TopologyView,
  topology: ScenarioInput['topology'],
  chunks: readonly (readonly AbstractStep[])[],
  maxSteps: number,
): StepInput[] {
  const resolver = new Resolver(view, topology.groups ?? []);
  const out: StepInput[] = [];
  for (const chunk of chunks) {
    if (out.length >= maxSteps) break;
    const rollback = resolver.save();
    const resolved = chunk.flatMap((step) => resolver.resolve(step) ?? []);
    if (out.length === 0 || out.length + resolved.length <= maxSteps) {
      out.push(...resolved.slice(0, maxSteps - out.length));
    } else {
      rollback();
    }
  }
  return out;
}
