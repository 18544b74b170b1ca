/**
 * One probe-agent process for a whole dataplane (`NETCONFORM_AGENT=hub`): `agent.py
 * --hub`, started in the harness's own namespace, opens each endpoint's namespace once
 * (`attach`) and makes that endpoint's sockets inside it, so every endpoint keeps its
 * own listeners, flows and raw sockets as an agent process of its own would. Why: a
 * process per endpoint cost ~0.1 core-s to start (Python; Node ~0.25), several times a
 * scenario, where an attach costs a few system calls (docs/bench.md).
 *
 * Each endpoint is a `HubMember`, which the pool uses like an `AgentProcess`. If the
 * hub dies, every member is dead; the pool's next use of an endpoint attaches it again,
 * which starts a new hub.
 */
import { AgentProcess, type AgentRequest, type ProbeAgent } from './agent-process.ts';
import { agentCommand } from './bundle-agent.ts';
import type { AgentEvent, AgentReply } from './protocol.ts';
import type { StartGate } from './start-gate.ts';

/** An endpoint served by a hub: the `ProbeAgent` the pool hands out. */
export class HubMember implements ProbeAgent {
  #death: string | null = null;

  constructor(
    readonly name: string,
    /** The hub's name for it: unique per attach, so a late event of a detached one goes nowhere. */
    readonly ep: string,
    private readonly hub: AgentProcess,
    private readonly forget: (member: HubMember) => void,
    readonly onEvent: (event: AgentEvent) => void,
  ) {}

  get deathReason(): string | null {
    if (this.#death !== null) return this.#death;
    return this.hub.deathReason === null ? null : `its probe hub ${this.hub.deathReason}`;
  }

  request(command: AgentRequest, timeoutMs?: number): Promise<AgentReply> {
    if (this.#death !== null) {
      return Promise.resolve({
        id: 0,
        ok: false,
        error: 'EDEAD',
        message: `agent of ${this.name} died: ${this.#death}`,
      });
    }
    return this.hub.request({ ...command, ep: this.ep }, timeoutMs);
  }

  /** Detaches the endpoint: the hub closes its sockets and lets go of its namespace. */
  kill(): void {
    if (this.#death !== null) return;
    this.#death = 'killed';
    this.forget(this);
    if (this.hub.deathReason === null) void this.hub.request({ op: 'detach', ep: this.ep });
  }
}

export class AgentHub {
  private process: Promise<AgentProcess> | null = null;
  private current: AgentProcess | null = null;
  private readonly members = new Map<string, HubMember>();
  private attached = 0;
  private closed = false;

  /** `gate` bounds the hub's own start with the pools' other agent starts. */
  constructor(private readonly gate: StartGate) {}

  /**
   * Serves endpoint `name`, whose namespace file is `netns` (`/run/netns/NAME`), from the
   * hub, starting the hub first if none runs. Rejects when the hub cannot start or the
   * namespace cannot be opened.
   */
  async attach(
    name: string,
    netns: string,
    onEvent: (event: AgentEvent) => void,
  ): Promise<HubMember> {
    const hub = await this.hubProcess();
    const ep = `${name}#${++this.attached}`;
    const member = new HubMember(name, ep, hub, (m) => this.members.delete(m.ep), onEvent);
    this.members.set(ep, member);
    const reply = await hub.request({ op: 'attach', ep, netns });
    if (!reply.ok) {
      this.members.delete(ep);
      throw new Error(`the probe hub could not attach ${netns}: ${reply.error} ${reply.message}`);
    }
    return member;
  }

  /** Kills the hub process (every member with it); later attaches fail. */
  close(): void {
    this.closed = true;
    this.current?.kill();
    void this.process?.then(
      (hub) => hub.kill(),
      () => undefined,
    );
    this.members.clear();
  }

  /** The running hub, or a start of one (one at a time; a failed or dead one is replaced). */
  private hubProcess(): Promise<AgentProcess> {
    if (this.closed) return Promise.reject(new Error('the dataplane was destroyed'));
    if (this.current !== null && this.current.deathReason !== null) {
      this.current = null;
      this.process = null;
    }
    if (this.process === null) {
      const started = this.gate.run(async () =>
        AgentProcess.start('probe hub', [], await agentCommand('hub'), (event) =>
          this.route(event),
        ),
      );
      this.process = started;
      started.then(
        (hub) => {
          if (this.process !== started) return hub.kill();
          if (this.closed) hub.kill();
          this.current = hub;
        },
        () => {
          if (this.process === started) this.process = null;
        },
      );
    }
    return this.process;
  }

  /** Hands an event to its endpoint, as that endpoint's own agent would have sent it. */
  private route(event: AgentEvent): void {
    const { ep, ...own } = event as AgentEvent & { readonly ep?: string };
    if (ep !== undefined) this.members.get(ep)?.onEvent(own as AgentEvent);
  }
}
