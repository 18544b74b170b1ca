/**
 * One agent per endpoint (instance or external), started by `startAll()` right after
 * the build (or lazily on first use) and restarted on the next use after it died,
 * plus a cache of the listeners each has. With `NETCONFORM_AGENT=hub` an endpoint whose
 * namespace file is known is served by the pool's one hub process (`agent-hub.ts`)
 * instead of a process of its own.
 */
import { AgentHub } from './agent-hub.ts';
import { agentKind, type AgentKind } from './agent-kind.ts';
import { AgentProcess, type ProbeAgent } from './agent-process.ts';
import { agentCommand } from './bundle-agent.ts';
import type { AgentEvent, AgentReply, Listened } from './protocol.ts';
import { StartGate } from './start-gate.ts';

/** Where the pool sends what agents report unasked. */
export interface ProbeEvents {
  /** A receiver saw `token` from `from`. */
  received(token: string, from: string): void;
  /** A sender saw success after answering "not delivered" (see `AgentEvent` `late`). */
  late?(token: string): void;
}

/**
 * Agents starting at once (each costs ~45 MB and ~50 ms of a core while it starts):
 * enough to overlap the driver's first apply, few enough that 60 endpoints do not
 * fork 60 Node processes in the same instant.
 */
export const AGENT_START_CONCURRENCY = 8;

/**
 * The gate of every pool of this process that does not ask for its own: with `--jobs`
 * several dataplanes start their agents at once, and 8 per dataplane would fork
 * dozens of Node processes in the same instant (agents then missed their start timeout
 * on a busy 2-core machine).
 */
const processGate = new StartGate(AGENT_START_CONCURRENCY);

/** Where a traffic endpoint lives. */
export interface ProbeEndpoint {
  readonly name: string;
  readonly ip: string;
  /** argv prefix that runs a command in the endpoint's network namespace. */
  readonly enter: readonly string[];
  /**
   * The endpoint's network namespace file (`/run/netns/NAME`), which lets a hub serve
   * it; without it the endpoint gets an agent process entered with `enter`.
   */
  readonly netns?: string;
  /** The pod-local DHCP/DNS server of an instance's segment (bridged plumbing only). */
  readonly podServer?: { readonly ip: string; readonly mac: string };
}

/** An agent, or why none is available (the caller reports it as inconclusive). */
export type AgentLookup =
  | { readonly kind: 'ok'; readonly agent: ProbeAgent }
  | { readonly kind: 'failed'; readonly reason: string };

export class AgentPool {
  private readonly agents = new Map<string, Promise<ProbeAgent>>();
  private readonly listeners = new Map<string, Promise<AgentReply>>();
  /** Starts `startAll` made (see `get`). */
  private readonly backgroundStarts = new WeakSet<Promise<ProbeAgent>>();
  private readonly gate: StartGate;
  /** The hub serving endpoints with a namespace file (`hub` kind only). */
  private readonly hub: AgentHub | null;
  private closed = false;

  constructor(
    private endpoints: ReadonlyMap<string, ProbeEndpoint>,
    private readonly events: ProbeEvents,
    /** Absent: the process-wide gate of `AGENT_START_CONCURRENCY`. */
    startConcurrency?: number,
    private readonly kind: AgentKind = agentKind(),
  ) {
    this.gate = startConcurrency === undefined ? processGate : new StartGate(startConcurrency);
    this.hub = kind === 'hub' ? new AgentHub(this.gate) : null;
  }

  /** The endpoint called `name`; throws on a name the topology does not have (misuse). */
  endpoint(name: string): ProbeEndpoint {
    const found = this.endpoints.get(name);
    if (!found) {
      throw new Error(
        `no instance or external "${name}" in this dataplane: use a name of its topology`,
      );
    }
    return found;
  }

  /**
   * Starts every endpoint's agent now without waiting, at most `startConcurrency` at a
   * time: a node agent takes ~50 ms to start, which then overlaps the driver's first
   * apply instead of delaying the first probe of each endpoint. A failed start is
   * retried on first use.
   */
  startAll(): void {
    for (const name of this.endpoints.keys()) void this.get(name, true);
  }

  /**
   * The running agent of `name`, starting it when needed. A use that joined a
   * background start (`startAll`) which then failed gets one start of its own, as a use
   * arriving after the failure would (a reshaped dataplane's first probes come while
   * its new agents start).
   */
  async get(name: string, background = false): Promise<AgentLookup> {
    if (this.closed) return { kind: 'failed', reason: 'the dataplane was destroyed' };
    const endpoint = this.endpoint(name);
    let pending = this.agents.get(name);
    const current = pending ? await pending.catch(() => null) : null;
    if (!pending || current?.deathReason != null) {
      if (current) this.forgetListeners(name);
      const onEvent = (event: AgentEvent) => {
        if (event.event === 'recv') this.events.received(event.token, event.from);
        else if (event.event === 'late') this.events.late?.(event.token);
      };
      const hub = this.hub;
      pending =
        hub !== null && endpoint.netns !== undefined
          ? hub.attach(name, endpoint.netns, onEvent)
          : this.gate.run(async () => {
              // Closed while waiting for a slot: start nothing that close() would miss.
              if (this.closed) throw new Error('the dataplane was destroyed');
              // An endpoint a hub cannot serve gets a Python agent of its own.
              const command = await agentCommand(this.kind === 'hub' ? 'python' : this.kind);
              return AgentProcess.start(name, endpoint.enter, command, onEvent);
            });
      if (background) this.backgroundStarts.add(pending);
      this.agents.set(name, pending);
    }
    try {
      return { kind: 'ok', agent: await pending };
    } catch (error) {
      if (this.agents.get(name) === pending) this.agents.delete(name);
      if (!background && this.backgroundStarts.has(pending) && !this.closed)
        return this.get(name, true);
      return { kind: 'failed', reason: `agent of ${name}: ${(error as Error).message}` };
    }
  }

  /**
   * Makes sure `name` listens on `proto`/`port` (`icmp`/0: watches echo requests);
   * null when it does, else why not.
   */
  async ensureListener(name: string, proto: Listened, port: number): Promise<string | null> {
    const lookup = await this.get(name);
    if (lookup.kind === 'failed') return lookup.reason;
    const key = `${name}/${proto}/${port}`;
    let pending = this.listeners.get(key);
    if (!pending) {
      pending = lookup.agent.request({ op: 'listen', proto, port });
      this.listeners.set(key, pending);
    }
    const reply = await pending;
    if (reply.ok) return null;
    this.listeners.delete(key);
    return `listening on ${proto}/${port} in ${name} failed: ${reply.error} ${reply.message}`;
  }

  /**
   * Makes sure `name` watches frames (`promisc`: for any MAC); its `eth0` MAC, or the
   * problem.
   */
  async frames(
    name: string,
    promisc: boolean,
  ): Promise<{ readonly mac: string } | { readonly problem: string }> {
    const port = promisc ? 1 : 0;
    const problem = await this.ensureListener(name, 'frames', port);
    if (problem !== null) return { problem };
    const reply = await this.listeners.get(`${name}/frames/${port}`);
    return reply?.ok === true && reply.mac !== undefined
      ? { mac: reply.mac }
      : { problem: `the frame helper of ${name} reported no MAC` };
  }

  /**
   * Makes sure nobody in `name` listens on udp `port` and that every datagram to a
   * closed port there is answered; null when done, else why not.
   */
  async closePort(name: string, port: number): Promise<string | null> {
    const lookup = await this.get(name);
    if (lookup.kind === 'failed') return lookup.reason;
    this.listeners.delete(`${name}/udp/${port}`);
    const reply = await lookup.agent.request({ op: 'close-port', port });
    return reply.ok
      ? null
      : `closing udp/${port} in ${name} failed: ${reply.error} ${reply.message}`;
  }

  /** Every agent that is currently running. */
  async running(): Promise<ProbeAgent[]> {
    const all = await Promise.all([...this.agents.values()].map((p) => p.catch(() => null)));
    return all.filter((a): a is ProbeAgent => a !== null && a.deathReason === null);
  }

  /**
   * Serves `endpoints` from now on (a reshaped dataplane): the agents of `kept` stay
   * with their listeners; every other agent is killed and its listeners forgotten.
   * Call with no flows open, then `startAll()`.
   */
  async replaceEndpoints(
    endpoints: ReadonlyMap<string, ProbeEndpoint>,
    kept: ReadonlySet<string>,
  ): Promise<void> {
    for (const [name, pending] of [...this.agents]) {
      if (kept.has(name) && endpoints.has(name)) continue;
      this.agents.delete(name);
      this.forgetListeners(name);
      const agent = await pending.catch(() => null);
      agent?.kill();
    }
    this.endpoints = endpoints;
  }

  /** Kills every agent; later lookups fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const agent of await this.running()) agent.kill();
    this.hub?.close();
    this.agents.clear();
    this.listeners.clear();
  }

  private forgetListeners(name: string): void {
    for (const key of this.listeners.keys())
      if (key.startsWith(`${name}/`)) this.listeners.delete(key);
  }
}
