/**
 * State rewrites for mutants that remember an earlier apply instead of reading the
 * full desired state each time (the level-triggered contract they break).
 */
import type { DriverState } from '../../../harness/dataplane/index.ts';
import type { StateTransform } from '../nft-driver.ts';

/**
 * Memory that lasts one scenario: forgotten when the run changes or the generation
 * goes backwards (a new scenario on a reused dataplane).
 */
function scenarioMemory<V>(): (state: DriverState) => Map<string, V> {
  let runId: string | undefined;
  let generation = -1;
  const memory = new Map<string, V>();
  return (state) => {
    if (state.runId !== runId || state.generation < generation) memory.clear();
    runId = state.runId;
    generation = state.generation;
    return memory;
  };
}

function rememberFirst<V>(memory: Map<string, V>, key: string, value: V): V {
  if (!memory.has(key)) memory.set(key, value);
  return memory.get(key) as V;
}

/** Remote-group member sets frozen at the first apply that mentions the group. */
export function staleRemoteGroups(): StateTransform {
  const memoryFor = scenarioMemory<readonly string[]>();
  return (state) => {
    const memory = memoryFor(state);
    return {
      ...state,
      groups: state.groups.map((group) => ({
        ...group,
        rules: group.rules.map((rule) =>
          'group' in rule.remote
            ? {
                ...rule,
                remote: {
                  group: rule.remote.group,
                  members: [...rememberFirst(memory, rule.remote.group, rule.remote.members)],
                },
              }
            : rule,
        ),
      })),
    };
  };
}

/** Group memberships of the first apply kept: attaches take effect, detaches never do. */
export function detachIgnored(): StateTransform {
  const memoryFor = scenarioMemory<readonly string[]>();
  return (state) => {
    const memory = memoryFor(state);
    return {
      ...state,
      ports: state.ports.map((port) => {
        const first = rememberFirst(memory, port.instance, port.groups);
        return { ...port, groups: [...new Set([...first, ...port.groups])] };
      }),
    };
  };
}
