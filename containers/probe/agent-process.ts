/**
 * Controller side of one probe agent: spawns it inside its namespace, matches answers
 * to commands by id and forwards `recv` events. Never rejects: a dead or silent agent
 * is an answer with `error: 'EDEAD'` / `'ESILENT'`, which the caller turns into an
 * inconclusive observation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { AgentCommand, AgentEvent, AgentMessage, AgentReply } from './protocol.ts';

/** A command without its id (the process numbers them). */
export type AgentRequest = AgentCommand extends infer C
  ? C extends AgentCommand
    ? Omit<C, 'id'>
    : never
  : never;

const START_TIMEOUT_MS = 10_000;

export class AgentProcess {
  private readonly pending = new Map<number, (reply: AgentReply) => void>();
  private nextId = 1;
  private death: string | null = null;
  private stderrTail = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts `[...enter, ...command]` (see `agentCommand`) and waits for its `ready` line. */
  static start(
    name: string,
    enter: readonly string[],
    command: readonly string[],
    onEvent: (event: AgentEvent) => void,
  ): Promise<AgentProcess> {
    const [file, ...args] = [...enter, ...command];
    const child = spawn(file as string, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const agent = new AgentProcess(name, child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        agent.kill();
        reject(new Error(`agent ${name} did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      child.stdin?.on('error', () => undefined);
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        agent.stderrTail = (agent.stderrTail + d).slice(-2000);
      });
      child.on('error', (e) => agent.die(`could not start: ${e.message}`));
      child.on('exit', (code, signal) => {
        agent.die(
          `exited (${signal ?? code})${agent.stderrTail ? `: ${agent.stderrTail.trim()}` : ''}`,
        );
        clearTimeout(timer);
        reject(new Error(`agent ${name} ${agent.death}`));
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
  request(command: AgentRequest, timeoutMs = 10_000): Promise<AgentReply> {
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
