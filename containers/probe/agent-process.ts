/**
 * Controller side of one probe agent: spawns it inside its namespace, matches answers
 * to commands by id and forwards `recv` events. Never rejects: a dead or silent agent
 * is an answer with `error: 'EDEAD'` / `'ESILENT'`, which the caller turns into an
 * inconclusive observation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { AgentCommand, AgentEvent, AgentMessage, AgentReply, HubCommand } from './protocol.ts';

/** A command without its id (the process numbers them). */
export type AgentRequest = AgentCommand extends infer C
  ? C extends AgentCommand
    ? Omit<C, 'id'>
    : never
  : never;
/** A hub's command without its id. */
export type HubRequest = HubCommand extends infer C
  ? C extends HubCommand
    ? Omit<C, 'id'>
    : never
  : never;

/**
 * One endpoint's agent as the controller uses it: a process of its own
 * (`AgentProcess`) or its share of the dataplane's hub (`agent-hub.ts`).
 */
export interface ProbeAgent {
  readonly name: string;
  /** Why the agent is gone, or null while it runs. */
  readonly deathReason: string | null;
  /** Sends one command; resolves with its answer (or an EDEAD/ESILENT failure). */
  request(command: AgentRequest, timeoutMs?: number): Promise<AgentReply>;
  /** Stops serving the endpoint (its sockets close). */
  kill(): void;
}

/**
 * How long a spawned agent may take to say `ready`. A start decides no verdict (probes
 * have their own timeouts), it only has to happen, so this is a readiness wait with a
 * generous bound: a Node agent needs ~0.1 s of CPU, but starved on a 2-core machine at a
 * load average of 20-34 (Docker runs with `--jobs 2`) starts took over 10 s, the old
 * bound, and made steps inconclusive that waiting would have decided. An agent that
 * exits is reported at once with its stderr; one still silent after this is reported
 * with its state and CPU time (stuck, not starved).
 */
export const START_TIMEOUT_MS = 120_000;

/** Where the agent finds `ping`, `nft` and `ip` when the controller has no PATH. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The agent's whole environment: PATH only. Nothing else is meant for it, and some
 * variables cost every start: `NODE_EXTRA_CA_CERTS` (set on this machine) makes Node
 * load a CA bundle at startup, ~3x an agent's start time (measured: ~60 -> ~200 ms
 * alone, ~0.2 -> ~0.7 s eight at once); `NODE_OPTIONS` could change the agent itself.
 */
export function agentEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { PATH: env.PATH ?? DEFAULT_PATH };
}

/** How long a dead agent's stderr is read on before its death is reported. */
const STDERR_DRAIN_MS = 1_000;

/** Resolves once `stream` ended or closed (or at once without one), at most after `limitMs`. */
function streamEnd(stream: Readable | null, limitMs: number): Promise<void> {
  if (stream === null || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(done, limitMs);
    const finish = () => {
      clearTimeout(timer);
      done();
    };
    stream.once('end', finish).once('close', finish);
  });
}

/** `state R, 0.12 s CPU` of a live process (from /proc), or why it cannot be read. */
function processState(pid: number | undefined): string {
  if (pid === undefined) return 'no process';
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is the 1st, utime and stime the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return `pid ${pid} state ${fields[0]}, ${(ticks / 100).toFixed(2)} s of CPU`;
  } catch {
    return `pid ${pid} not readable in /proc`;
  }
}

export class AgentProcess implements ProbeAgent {
  private readonly pending = new Map<number, (reply: AgentReply) => void>();
  private nextId = 1;
  private death: string | null = null;
  private stderrTail = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {}

  /**
   * Starts `[...enter, ...command]` (see `agentCommand`) with `agentEnvironment()` and
   * waits for its `ready` line, at most `startTimeoutMs`; rejects at once when it exits
   * first (the message carries its exit and stderr).
   */
  static start(
    name: string,
    enter: readonly string[],
    command: readonly string[],
    onEvent: (event: AgentEvent) => void,
    startTimeoutMs = START_TIMEOUT_MS,
  ): Promise<AgentProcess> {
    const [file, ...args] = [...enter, ...command];
    const child = spawn(file as string, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: agentEnvironment(),
    });
    const agent = new AgentProcess(name, child);
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const state = processState(child.pid);
        const stderr = agent.stderrTail.trim();
        agent.kill();
        reject(
          new Error(
            `agent ${name} did not start within ${startTimeoutMs} ms (${state}` +
              `${stderr ? `; stderr: ${stderr}` : '; no stderr'})`,
          ),
        );
      }, startTimeoutMs);
      child.stdin?.on('error', () => undefined);
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        agent.stderrTail = (agent.stderrTail + d).slice(-2000);
      });
      child.on('error', (e) => agent.die(`could not start: ${e.message}`));
      child.on('exit', (code, signal) => {
        const after = `after ${((Date.now() - started) / 1000).toFixed(1)} s`;
        clearTimeout(timer);
        // 'exit' can come before the last stderr chunk was read (seen under load: the
        // report said "no stderr"): read to its end first, briefly.
        void streamEnd(child.stderr, STDERR_DRAIN_MS).then(() => {
          const stderr = agent.stderrTail.trim();
          agent.die(`exited (${signal ?? code}) ${after}${stderr ? `: ${stderr}` : ', no stderr'}`);
          // A no-op once `ready` resolved: a later death is answered through `request`.
          reject(new Error(`agent ${name} ${agent.death}`));
        });
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let message: AgentMessage;
        try {
          message = JSON.parse(line) as AgentMessage;
        } catch {
          agent.stderrTail = (agent.stderrTail + line + '\n').slice(-2000);
          return;
        }
        if (!('event' in message)) return agent.answer(message);
        if (message.event === 'ready') {
          clearTimeout(timer);
          resolve(agent);
        } else if (message.event === 'error') {
          agent.stderrTail = (agent.stderrTail + message.message + '\n').slice(-2000);
        } else onEvent(message);
      });
    });
  }

  /** Why the agent is gone, or null while it runs. */
  get deathReason(): string | null {
    return this.death;
  }

  /** Sends one command; resolves with its answer (or an EDEAD/ESILENT failure). */
  request(command: AgentRequest | HubRequest, timeoutMs = 10_000): Promise<AgentReply> {
    const id = this.nextId++;
    if (this.death !== null) {
      return Promise.resolve(
        this.failure(id, 'EDEAD', `agent of ${this.name} died: ${this.death}`),
      );
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(
          this.failure(id, 'ESILENT', `agent ${this.name} gave no answer in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.child.stdin?.write(JSON.stringify({ ...command, id }) + '\n');
    });
  }

  /** Kills the agent (it also exits by itself when our end of its stdin closes). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    this.die('killed');
  }

  private answer(reply: AgentReply): void {
    const done = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    done?.(reply);
  }

  private die(reason: string): void {
    this.death ??= reason;
    for (const [id, done] of this.pending)
      done(this.failure(id, 'EDEAD', `agent of ${this.name} died: ${reason}`));
    this.pending.clear();
  }

  private failure(id: number, error: string, message: string): AgentReply {
    return { id, ok: false, error, message };
  }
}
