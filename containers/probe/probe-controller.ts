/**
 * Executes traffic actions with real packets through the agents. A flow is a kept
 * socket (TCP connection, UDP socket) or an ICMP identifier; `delivered` means the
 * receiving agent reported the token (ICMP: the echo reply came back, and the
 * receiver's watcher reported the request with the source address it arrived with).
 * A positive answer returns as soon as the token is seen. Not delivered costs the
 * adaptive wait (`adaptive-wait.ts`, at most the probe timeout), counted from the
 * moment the sending agent reports the packet sent; the agents keep listening, and
 * `settleLate` tells which packets called blocked arrived within the probe timeout
 * after all (`late-arrivals.ts`). Probe failures are `inconclusive`, never "blocked".
 */
import type { LateArrival, Observation, TrafficAction } from '../../harness/dataplane/index.ts';
import { processWait, type AdaptiveWait } from './adaptive-wait.ts';
import { AgentPool, type ProbeEndpoint } from './agent-pool.ts';
import type { AgentRequest, ProbeAgent } from './agent-process.ts';
import { echoToken, type AgentReply, type L4 } from './protocol.ts';
import { LateArrivals, type EvidenceKey } from './late-arrivals.ts';
import { TokenWaiter } from './token-waiter.ts';
import { probeFrame } from './frames.ts';
import { podQueryFrame } from './pod-query.ts';

interface Flow {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly proto: L4 | 'icmp';
  readonly port: number;
  readonly identifier: number;
  /** Client's local UDP port (replies go there if no datagram reached the server). */
  localPort: number;
  /** False when the open failed (TCP never connected): sends are not delivered. */
  usable: boolean;
  /** Why the open itself was inconclusive (the probe failed): sends are inconclusive too. */
  broken: string | null;
  /** The agents holding the flow's sockets: if one is replaced, the flow is lost. */
  agents: readonly (ProbeAgent | null)[];
  seq: number;
}

type Open = Extract<TrafficAction, { kind: 'open' }>;
type Result =
  | {
      delivered: boolean;
      seenFrom: string | null;
      /** Not delivered and still watched for (see `settleLate`). */
      probeId?: string;
      blockedAfterMs?: number;
    }
  | { inconclusive: string };

// The network said no (ICMP unreachable, no answer): a negative, not a probe failure.
// The listener is confirmed up before a connect, so a reset (ECONNREFUSED) can only come
// from a firewall that rejects instead of dropping: the packet was not delivered.
const UNREACHED = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNREFUSED']);

/** How long an agent may take to answer a command before the probe is inconclusive. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * How long after an echo reply came back the receiver's sighting of the request may
 * still be on its way (it is reported before the reply is even sent, so this is only
 * spent when the watcher is broken).
 */
const ECHO_SIGHTING_MS = 5_000;

export interface ProbeOptions {
  /** The ceiling of every wait, and how long a probe called blocked is watched for. */
  readonly probeTimeoutMs: number;
  /** Where delivered latencies are learnt; default one per process. */
  readonly wait?: AdaptiveWait;
}

export class ProbeController {
  private readonly late = new LateArrivals();
  private readonly waiter = new TokenWaiter((token, from) => this.late.seen(`recv:${token}`, from));
  private readonly pool: AgentPool;
  private readonly wait: AdaptiveWait;
  private readonly flows = new Map<string, Flow>();
  private counter = 0;

  constructor(
    endpoints: ReadonlyMap<string, ProbeEndpoint>,
    private readonly options: ProbeOptions,
  ) {
    this.wait = options.wait ?? processWait;
    this.pool = new AgentPool(endpoints, {
      received: (token, from) => this.waiter.received(token, from),
      late: (token) => this.late.seen(`late:${token}`, null),
    });
  }

  /** See `Dataplane.settleLate`. */
  settleLate(probeIds?: readonly string[]): Promise<LateArrival[]> {
    return this.late.settle(probeIds);
  }

  /** The wait after which a probe is called blocked now. */
  private blockedAfterMs(): number {
    return this.wait.blockedAfterMs(this.options.probeTimeoutMs);
  }

  /** Runs one traffic action. Never rejects for probe failures. */
  async perform(action: TrafficAction): Promise<Observation> {
    const started = performance.now();
    const result = await this.dispatch(action);
    const elapsedMs = performance.now() - started;
    return 'inconclusive' in result
      ? { kind: 'inconclusive', reason: result.inconclusive, elapsedMs }
      : { kind: 'observed', ...result, elapsedMs };
  }

  /** Starts every endpoint's agent in the background (see `AgentPool.startAll`). */
  startAgents(): void {
    this.pool.startAll();
  }

  /**
   * Serves `endpoints` from now on, keeping the agents of `kept` (`AgentPool.replaceEndpoints`)
   * and starting the others' in the background. Call after `resetFlows`.
   */
  async replaceEndpoints(
    endpoints: ReadonlyMap<string, ProbeEndpoint>,
    kept: ReadonlySet<string>,
  ): Promise<void> {
    this.flows.clear();
    this.late.clear();
    await this.pool.replaceEndpoints(endpoints, kept);
  }

  /** Closes every flow on every agent (listeners stay). */
  async resetFlows(): Promise<void> {
    this.flows.clear();
    this.late.clear();
    const agents = await this.pool.running();
    await Promise.all(agents.map((a) => a.request({ op: 'close-all' })));
  }

  /** Closes every flow `endpoint` opened or accepted (its instance moved: CS-MIGRATE). */
  async closeFlowsOf(endpoint: string): Promise<void> {
    const names = [...this.flows].filter(([, f]) => f.from === endpoint || f.to === endpoint);
    await Promise.all(names.map(([name]) => this.closeFlow(name)));
  }

  /** Kills every agent. */
  close(): Promise<void> {
    this.flows.clear();
    this.late.clear();
    return this.pool.close();
  }

  private async dispatch(action: TrafficAction): Promise<Result> {
    switch (action.kind) {
      case 'open': {
        const result = await this.open(action.flow, action);
        const flow = this.flows.get(action.flow);
        if ('inconclusive' in result && flow !== undefined) flow.broken = result.inconclusive;
        return result;
      }
      case 'send':
        return this.send(action.flow, action.direction);
      case 'close':
        return this.closeFlow(action.flow);
      case 'probe': {
        if (action.closedPort === true) return this.closedPortProbe(action);
        const name = `\0probe${++this.counter}`;
        const result = await this.open(name, { ...action, kind: 'open', flow: name });
        await this.closeFlow(name);
        return result;
      }
      case 'spoof':
        return this.spoof(action);
      case 'l2':
        return this.l2(action);
      case 'podQuery':
        return this.podQuery(action);
      case 'overlay':
        // The netns overlay dataplane performs these itself (overlay-probes.ts).
        return { inconclusive: `${action.probe.what} needs the netns overlay dataplane` };
    }
  }

  private async open(name: string, action: Open): Promise<Result> {
    if (this.flows.has(name)) await this.closeFlow(name);
    this.pool.endpoint(action.from);
    const to = this.pool.endpoint(action.to);
    const key = `f${++this.counter}`;
    const proto = action.protocol;
    if (proto !== 'icmp' && action.port === null) {
      throw new Error(`a ${proto} ${action.kind} needs a port`);
    }
    const port = action.port ?? 0;
    const identifier = (this.counter % 65_000) + 1;
    const flow: Flow = {
      key,
      from: action.from,
      to: action.to,
      proto,
      port,
      identifier,
      localPort: 0,
      usable: true,
      broken: null,
      agents: [],
      seq: 0,
    };
    this.flows.set(name, flow);
    if (proto === 'icmp') return this.ping(flow, to.ip);
    const problem = await this.pool.ensureListener(action.to, proto, port);
    if (problem) return { inconclusive: problem };
    const blockedAfterMs = this.blockedAfterMs();
    const { token, reply, seen } = await this.exchange(
      flow,
      action.from,
      (t) => ({
        op: 'open',
        proto,
        key,
        dst: to.ip,
        port,
        token: t,
        timeoutMs: blockedAfterMs,
        lingerMs: this.options.probeTimeoutMs,
      }),
      // A late connection is the flow's socket after all (the agent keeps it).
      () => (flow.usable = true),
    );
    if (!reply.ok) {
      flow.usable = false;
      if (reply.error === 'ETIMEDOUT') {
        // The agent keeps connecting until the probe timeout; its token would show it.
        const sentAt = performance.now() - blockedAfterMs;
        this.late.expect(token, [`recv:${token}`], sentAt, this.options.probeTimeoutMs, () => {
          flow.usable = true;
        });
        return { delivered: false, seenFrom: null, probeId: token, blockedAfterMs };
      }
      if (UNREACHED.has(reply.error)) return { delivered: false, seenFrom: null };
      return {
        inconclusive: `open ${token} ${action.from} -> ${action.to}: ${reply.error} ${reply.message}`,
      };
    }
    flow.localPort = reply.local?.port ?? 0;
    await this.holdAgents(flow);
    return seen;
  }

  private async send(name: string, direction: 'forward' | 'reply'): Promise<Result> {
    const flow = this.flows.get(name);
    // A flow whose open failed as a probe tells nothing about what passes on it.
    if (flow?.broken != null) return { inconclusive: `flow ${name} never opened: ${flow.broken}` };
    if (!flow) return { delivered: false, seenFrom: null };
    // The model sends only on flows it holds established, so the open disagreed (or was
    // not confirmed): what a send would show here is that open's consequence, not news.
    if (!flow.usable)
      return { inconclusive: `flow ${name} never connected (its open was called blocked)` };
    const lost = await this.lostAgent(flow);
    if (lost) return { inconclusive: `flow ${name} was lost: ${lost}` };
    if (flow.proto === 'icmp') return this.ping(flow, this.pool.endpoint(flow.to).ip);
    const proto = flow.proto;
    const fromIp = this.pool.endpoint(flow.from).ip;
    const { token, reply, seen } =
      direction === 'forward'
        ? await this.exchange(flow, flow.from, (t) => ({ op: 'send', key: flow.key, token: t }))
        : await this.exchange(flow, flow.to, (t) => ({
            op: 'reply',
            proto,
            key: flow.key,
            port: flow.port,
            token: t,
            fallback: proto === 'udp' ? { address: fromIp, port: flow.localPort } : null,
          }));
    if (reply.ok) return seen;
    // The server never accepted the connection / the socket is gone: nothing can pass.
    if (reply.error === 'ENOFLOW' || UNREACHED.has(reply.error))
      return { delivered: false, seenFrom: null };
    return {
      inconclusive: `send ${direction} ${token} on ${name}: ${reply.error} ${reply.message}`,
    };
  }

  /**
   * Sends a command carrying a fresh token from `sender` and waits for the token; a
   * token not seen within the adaptive wait is still watched for (`onDelivered` runs
   * if it shows up later).
   */
  private async exchange(
    flow: Flow,
    sender: string,
    command: (token: string) => AgentRequest,
    onDelivered?: () => void,
  ): Promise<{ token: string; reply: AgentReply; seen: Result }> {
    const token = `${flow.key}.${flow.seq++}`;
    const lookup = await this.pool.get(sender);
    if (lookup.kind === 'failed') {
      const reply: AgentReply = { id: 0, ok: false, error: 'EDEAD', message: lookup.reason };
      return { token, reply, seen: { inconclusive: lookup.reason } };
    }
    const { probeTimeoutMs } = this.options;
    // Registered before the command so a fast token is never missed; bounded by the
    // request's own timeout until the agent says the token is on the wire.
    const wait = this.waiter.wait(token, REQUEST_TIMEOUT_MS + probeTimeoutMs);
    const reply = await lookup.agent.request(command(token), REQUEST_TIMEOUT_MS + probeTimeoutMs);
    // The wait starts once the packet was sent: command delivery, socket setup and
    // spoofing rules under load never eat into it.
    const sentAt = performance.now();
    const blockedAfterMs = this.blockedAfterMs();
    if (reply.ok) wait.restart(blockedAfterMs);
    else wait.cancel();
    const from = await wait.seen;
    if (from !== null) {
      this.wait.record(performance.now() - sentAt);
      return { token, reply, seen: { delivered: true, seenFrom: from } };
    }
    if (!reply.ok) return { token, reply, seen: { delivered: false, seenFrom: null } };
    this.late.expect(token, [`recv:${token}`], sentAt, probeTimeoutMs, onDelivered);
    return {
      token,
      reply,
      seen: { delivered: false, seenFrom: null, probeId: token, blockedAfterMs },
    };
  }

  /** Records which agents hold `flow`'s sockets. */
  private async holdAgents(flow: Flow): Promise<void> {
    const lookups = await Promise.all([this.pool.get(flow.from), this.pool.get(flow.to)]);
    flow.agents = lookups.map((l) => (l.kind === 'ok' ? l.agent : null));
  }

  /** Why the agents that hold `flow` are gone, or null when they still run. */
  private async lostAgent(flow: Flow): Promise<string | null> {
    if (flow.proto === 'icmp') return null;
    for (const [i, held] of flow.agents.entries()) {
      const name = i === 0 ? flow.from : flow.to;
      const now = await this.pool.get(name);
      if (held === null || now.kind !== 'ok' || now.agent !== held) {
        return `the agent of ${name} died (${held?.deathReason ?? 'not running'})`;
      }
    }
    return null;
  }

  /**
   * One echo from `flow.from`; delivered when the reply came back, seen from the
   * source address the receiver's watcher saw the request arrive with.
   */
  private async ping(flow: Flow, dst: string): Promise<Result> {
    const problem = await this.pool.ensureListener(flow.to, 'icmp', 0);
    if (problem) return { inconclusive: problem };
    const lookup = await this.pool.get(flow.from);
    if (lookup.kind === 'failed') return { inconclusive: lookup.reason };
    const { probeTimeoutMs } = this.options;
    const blockedAfterMs = this.blockedAfterMs();
    const token = echoToken(flow.identifier);
    const wait = this.waiter.wait(token, probeTimeoutMs + 2 * REQUEST_TIMEOUT_MS);
    const reply = await lookup.agent.request(
      {
        op: 'ping',
        dst,
        identifier: flow.identifier,
        timeoutMs: blockedAfterMs,
        lingerMs: probeTimeoutMs,
      },
      probeTimeoutMs + REQUEST_TIMEOUT_MS,
    );
    if (!reply.ok || reply.delivered !== true) {
      wait.cancel();
      if (!reply.ok)
        return { inconclusive: `ping ${flow.from} -> ${dst}: ${reply.error} ${reply.message}` };
      // Delivered takes the request seen by the receiver and the reply back (late).
      const probeId = `${token}#${++this.counter}`;
      const evidence: EvidenceKey[] = [`recv:${token}`, `late:${token}`];
      // Counted, like the agent's own wait, from when `ping` started: starting it can
      // take longer than the whole wait on a busy machine.
      const sentAt = performance.now() - blockedAfterMs;
      this.late.expect(probeId, evidence, sentAt, probeTimeoutMs);
      const early = await wait.seen;
      if (early !== null) this.late.seen(`recv:${token}`, early);
      return { delivered: false, seenFrom: null, probeId, blockedAfterMs };
    }
    wait.restart(ECHO_SIGHTING_MS);
    const seenFrom = await wait.seen;
    if (seenFrom === null)
      return {
        inconclusive: `ping ${flow.from} -> ${dst}: the echo reply came back but ${flow.to} never reported the request`,
      };
    return { delivered: true, seenFrom };
  }

  /**
   * A UDP datagram to a port nobody listens on; delivered when the ICMP
   * port-unreachable came back to the sender (RELATED traffic). The receiver also
   * watches for the token: a socket that got it means the port was not closed.
   */
  private async closedPortProbe(
    action: Extract<TrafficAction, { kind: 'probe' }>,
  ): Promise<Result> {
    const to = this.pool.endpoint(action.to);
    this.pool.endpoint(action.from);
    if (action.protocol !== 'udp' || action.port === null)
      throw new Error(`a closed-port probe is udp with a port, not ${action.protocol}`);
    const port = action.port;
    const problem = await this.pool.closePort(action.to, port);
    if (problem) return { inconclusive: problem };
    const token = `f${++this.counter}.0`;
    const { probeTimeoutMs } = this.options;
    const blockedAfterMs = this.blockedAfterMs();
    const lookup = await this.pool.get(action.from);
    if (lookup.kind === 'failed') return { inconclusive: lookup.reason };
    // A socket receiving the datagram reports it long before the sender gives up.
    const wait = this.waiter.wait(token, probeTimeoutMs + REQUEST_TIMEOUT_MS);
    const sentAt = performance.now();
    const reply = await lookup.agent.request(
      {
        op: 'unreachable',
        dst: to.ip,
        port,
        token,
        timeoutMs: blockedAfterMs,
        lingerMs: probeTimeoutMs,
      },
      probeTimeoutMs + REQUEST_TIMEOUT_MS,
    );
    wait.cancel();
    if (!reply.ok)
      return { inconclusive: `closed-port probe ${token}: ${reply.error} ${reply.message}` };
    if ((await wait.seen) !== null)
      return {
        inconclusive: `udp/${port} of ${action.to} is not closed: a socket there got ${token}`,
      };
    if (reply.delivered === true) return { delivered: true, seenFrom: null };
    // The sender's socket stays open: a late port-unreachable is reported as `late`.
    this.late.expect(token, [`late:${token}`], sentAt, probeTimeoutMs);
    return { delivered: false, seenFrom: null, probeId: token, blockedAfterMs };
  }

  private async spoof(action: Extract<TrafficAction, { kind: 'spoof' }>): Promise<Result> {
    const to = this.pool.endpoint(action.to);
    this.pool.endpoint(action.from);
    const problem = await this.pool.ensureListener(action.to, 'udp', action.port);
    if (problem) return { inconclusive: problem };
    const flow = { key: `f${++this.counter}`, seq: 0 } as Flow;
    const { token, reply, seen } = await this.exchange(flow, action.from, (t) => ({
      op: 'spoof',
      src: action.spoofedSource,
      dst: to.ip,
      port: action.port,
      token: t,
    }));
    if (reply.ok) return seen;
    return {
      inconclusive: `spoof ${token} from ${action.spoofedSource}: ${reply.error} ${reply.message}`,
    };
  }

  /**
   * One raw frame from `action.from` (built by `probeFrame`); delivered when `to`
   * reports its token: its UDP socket for a spoofed-MAC datagram (the frame reached its
   * IP stack), its frame sniffer otherwise (promiscuous for a snoop probe).
   */
  private async l2(action: Extract<TrafficAction, { kind: 'l2' }>): Promise<Result> {
    const { probe } = action;
    const from = this.pool.endpoint(action.from);
    const to = this.pool.endpoint(action.to);
    const ends = await Promise.all([
      this.pool.frames(action.from, false),
      this.pool.frames(action.to, probe.what === 'snoop'),
    ]);
    const failed = ends.find((e) => 'problem' in e);
    if (failed !== undefined && 'problem' in failed) return { inconclusive: failed.problem };
    const [fromMac, toMac] = ends.map((e) => ('mac' in e ? e.mac : '')) as [string, string];
    if (probe.what === 'macSpoof') {
      const problem = await this.pool.ensureListener(action.to, 'udp', probe.port);
      if (problem) return { inconclusive: problem };
    }
    const flow = { key: `f${++this.counter}`, seq: 0 } as Flow;
    const seed = this.counter;
    const { token, reply, seen } = await this.exchange(flow, action.from, (t) => ({
      op: 'frame',
      hex: probeFrame(probe, {
        fromMac,
        fromIp: from.ip,
        toMac,
        toIp: to.ip,
        token: t,
        seed,
      }).toString('hex'),
    }));
    if (reply.ok) return { ...seen, seenFrom: null };
    return { inconclusive: `${probe.what} frame ${token}: ${reply.error} ${reply.message}` };
  }

  /**
   * A DHCP discover or DNS query from `action.from` to its segment's pod-local server
   * (`pod-query.ts`); delivered when the server's answer, carrying the token, reached
   * `from`'s own frame sniffer from the server's MAC.
   */
  private async podQuery(action: Extract<TrafficAction, { kind: 'podQuery' }>): Promise<Result> {
    const from = this.pool.endpoint(action.from);
    if (from.podServer === undefined)
      return { inconclusive: `${action.from} has no pod-local server (bridged plumbing only)` };
    const server = from.podServer;
    const end = await this.pool.frames(action.from, false);
    if ('problem' in end) return { inconclusive: end.problem };
    const flow = { key: `f${++this.counter}`, seq: 0 } as Flow;
    const seed = this.counter;
    const { token, reply, seen } = await this.exchange(flow, action.from, (t) => ({
      op: 'frame',
      hex: podQueryFrame({
        service: action.service,
        fromMac: end.mac,
        fromIp: from.ip,
        serverMac: server.mac,
        serverIp: server.ip,
        token: t,
        seed,
      }).toString('hex'),
    }));
    if (!reply.ok)
      return { inconclusive: `${action.service} query ${token}: ${reply.error} ${reply.message}` };
    if ('delivered' in seen && seen.delivered && seen.seenFrom !== server.mac)
      return {
        inconclusive: `${action.service} query ${token}: its token came back from ${seen.seenFrom ?? '?'}, not from the server (${server.mac})`,
      };
    return { ...seen, seenFrom: null };
  }

  private async closeFlow(name: string): Promise<Result> {
    const flow = this.flows.get(name);
    this.flows.delete(name);
    if (flow && flow.proto !== 'icmp') {
      const agents = await Promise.all([this.pool.get(flow.from), this.pool.get(flow.to)]);
      await Promise.all(
        agents.map((l) =>
          l.kind === 'ok' ? l.agent.request({ op: 'close', key: flow.key }) : null,
        ),
      );
    }
    // Nothing is sent to check on a close.
    return { delivered: false, seenFrom: null };
  }
}
