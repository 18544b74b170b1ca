/**
 * Which probe agents serve the endpoint namespaces: `node` (`agent.ts`, bundled, one
 * process per endpoint), `python` (`agent.py`, run by Debian's `/usr/bin/python3`, one
 * process per endpoint) or `hub` (the same `agent.py --hub`: one process per dataplane
 * that opens each endpoint's sockets in the endpoint's namespace, see `agent-hub.ts`).
 * All speak the same protocol (`protocol.ts`); the Python one starts ~3x faster than
 * Node's and needs no helper processes, and the hub starts once per dataplane instead of
 * once per endpoint. Chosen with `NETCONFORM_AGENT`.
 */
import { UsageError } from '../../harness/dataplane/exit-codes.ts';

export type AgentKind = 'node' | 'python' | 'hub';
export const AGENT_KINDS: readonly AgentKind[] = ['node', 'python', 'hub'];
/** The environment variable that chooses the agent. */
export const AGENT_ENV = 'NETCONFORM_AGENT';
/** The agent used when `NETCONFORM_AGENT` is unset or empty. */
export const DEFAULT_AGENT: AgentKind = 'hub';
export { PYTHON } from '../../harness/process/index.ts';

/** The chosen agent; throws `UsageError` naming the variable and its values otherwise. */
export function agentKind(env: NodeJS.ProcessEnv = process.env): AgentKind {
  const value = env[AGENT_ENV];
  if (value === undefined || value === '') return DEFAULT_AGENT;
  if ((AGENT_KINDS as readonly string[]).includes(value)) return value as AgentKind;
  throw new UsageError(
    `${AGENT_ENV}=${value} is not a probe agent: use ${AGENT_KINDS.join(', ')} (or leave it unset for ${DEFAULT_AGENT})`,
  );
}
