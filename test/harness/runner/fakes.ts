/**
 * In-memory stand-ins for a dataplane backend and a firewall driver, so the runner's
 * logic is tested without root. They record what the runner asked of them.
 */
import {
  evaluateScenario,
  parseScenario,
  type ResolvedScenario,
  type ResolvedTopology,
  type ScenarioInput,
} from '../../../spec/index.ts';
import type {
  Dataplane,
  DataplaneBackend,
  DriverResult,
  DriverState,
  FirewallDriver,
  LateArrival,
  Observation,
  TrafficAction,
} from '../../../harness/dataplane/index.ts';
import { stableUuid } from '../../../harness/dataplane/index.ts';

/** Answers one perform: `call` counts every perform of this dataplane from 0. */
export type Answer = (action: TrafficAction, call: number) => Observation | Promise<Observation>;

export interface FakeBackend extends DataplaneBackend {
  readonly created: ResolvedTopology[];
  readonly destroyed: number;
  readonly resets: number;
  readonly actions: TrafficAction[];
}

/** What `settleLate` reports for the probe ids asked about (all pending ones: undefined). */
export type LateAnswer = (probeIds: readonly string[] | undefined) => LateArrival[];

export function fakeBackend(answer: Answer, late: LateAnswer = () => []): FakeBackend {
  const created: ResolvedTopology[] = [];
  const actions: TrafficAction[] = [];
  const counters = { destroyed: 0, resets: 0 };
  let calls = 0;
  return {
    name: 'fake',
    created,
    actions,
    get destroyed() {
      return counters.destroyed;
    },
    get resets() {
      return counters.resets;
    },
    preflight: async () => undefined,
    async create(topology) {
      created.push(topology);
      let destroyed = false;
      const dataplane: Dataplane = {
        layout: {
          backend: 'fake',
          runId: `fake${created.length}`,
          plumbing: { mode: 'routed' },
          hosts: topology.hosts.map((h) => ({
            name: h.name,
            site: h.site,
            publicIp: h.publicIp,
            uplink: 'up0',
            enter: [],
            bridges: [],
          })),
          ports: topology.instances.map((i, k) => ({
            instance: i.name,
            host: i.host,
            hostInterface: `v-${i.name}`.slice(0, 15),
            mac: `02:00:00:00:00:${(k + 1).toString(16).padStart(2, '0')}`,
            portId: stableUuid('port', i.name),
            networkId: stableUuid('network', i.network),
            bridge: null,
            prefixLength: 32,
            gateway: '169.254.1.1',
          })),
        },
        async perform(action) {
          if (destroyed) throw new Error('perform on a destroyed fake');
          actions.push(action);
          return answer(action, calls++);
        },
        async resetFlows() {
          counters.resets += 1;
        },
        async settleLate(probeIds) {
          return late(probeIds);
        },
        async snapshot() {
          return topology.hosts.map((h) => ({
            host: h.name,
            ruleset: 'table inet fake {}',
            conntrack: '',
          }));
        },
        async destroy() {
          if (!destroyed) counters.destroyed += 1;
          destroyed = true;
        },
        async [Symbol.asyncDispose]() {
          await this.destroy();
        },
      };
      return dataplane;
    },
  };
}

export interface FakeDriver extends FirewallDriver {
  readonly generations: number[];
  readonly teardowns: number;
}

/** A driver that records generations; `fail(generation)` returning a message fails it. */
export function fakeDriver(fail: (state: DriverState) => string | null = () => null): FakeDriver {
  const generations: number[] = [];
  let teardowns = 0;
  return {
    name: 'fake-driver',
    generations,
    get teardowns() {
      return teardowns;
    },
    async apply(state): Promise<DriverResult> {
      generations.push(state.generation);
      const message = fail(state);
      return message === null
        ? { kind: 'applied', elapsedMs: 0 }
        : { kind: 'driver-error', message, stderr: 'fake stderr' };
    },
    async teardown() {
      teardowns += 1;
    },
  };
}

export const observed = (delivered: boolean, seenFrom: string | null = null): Observation => ({
  kind: 'observed',
  delivered,
  seenFrom,
  elapsedMs: 1,
});

/** The observations a perfect dataplane gives, in perform order (from the model). */
export function modelObservations(scenario: ResolvedScenario): Observation[] {
  return evaluateScenario(scenario).results.flatMap(({ expectation }) => {
    if (expectation.kind === 'traffic')
      return [observed(expectation.delivered, expectation.seenFrom)];
    if (expectation.kind === 'flow') return [observed(false)];
    return [];
  });
}

export function resolve(input: ScenarioInput): ResolvedScenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
}

/**
 * Two public instances on one host. Step 0 probes a -> b (blocked: no groups), steps
 * 1-4 open web on b to a, step 5 probes again (delivered), step 6 opens a flow,
 * step 7 sends a reply on it.
 */
export function webScenario(): ResolvedScenario {
  const rule = (direction: 'ingress' | 'egress') => ({
    direction,
    protocol: 'tcp' as const,
    ports: '80',
    remote: { cidr: '198.51.100.0/24' },
  });
  return resolve({
    profile: 'safespring',
    topology: {
      sites: [{ name: 's1' }],
      networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
      hosts: [{ name: 'h1', site: 's1', publicIp: '192.0.2.10' }],
      instances: [
        { name: 'a', network: 'pub', host: 'h1', ip: '198.51.100.10' },
        { name: 'b', network: 'pub', host: 'h1', ip: '198.51.100.11' },
      ],
      groups: [{ name: 'web' }],
    },
    steps: [
      { op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 80 },
      { op: 'attachGroup', instance: 'a', group: 'web' },
      { op: 'attachGroup', instance: 'b', group: 'web' },
      { op: 'addRule', group: 'web', rule: rule('egress') },
      { op: 'addRule', group: 'web', rule: rule('ingress') },
      { op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 80 },
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'tcp', port: 80 },
      { op: 'send', flow: 'f', direction: 'reply' },
    ],
  });
}
