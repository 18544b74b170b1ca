/**
 * State rewrites for mutants that remember an earlier apply instead of reading the
 * full desired state each time (the level-triggered contract they break).
 */
import type { DriverPort, DriverRule, DriverState } from '../../../harness/dataplane/index.ts';
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

/** A rule's identity across applies (a remote group's members may change under it). */
const ruleKey = (group: string, r: DriverRule): string =>
  JSON.stringify([
    group,
    r.direction,
    r.protocol,
    r.ports,
    'group' in r.remote ? r.remote.group : r.remote.cidr,
  ]);

/**
 * Keys present in every apply since the first: what an agent that acts on removals
 * but never on additions still has.
 */
function keptSinceFirst(
  memory: Map<string, Set<string>>,
  key: string,
  now: readonly string[],
): Set<string> {
  const kept = rememberFirst(memory, key, new Set(now));
  for (const k of [...kept]) if (!now.includes(k)) kept.delete(k);
  return kept;
}

/** Rules added after the first apply never take effect; removals do. */
export function addRuleIgnored(): StateTransform {
  const memoryFor = scenarioMemory<Set<string>>();
  return (state) => {
    const memory = memoryFor(state);
    return {
      ...state,
      groups: state.groups.map((group) => {
        const keys = group.rules.map((r) => ruleKey(group.name, r));
        const kept = keptSinceFirst(memory, group.name, keys);
        return { ...group, rules: group.rules.filter((_, i) => kept.has(keys[i]!)) };
      }),
    };
  };
}

/** Rules once applied stay: removals never take effect; additions do. */
export function removeRuleIgnored(): StateTransform {
  const memoryFor = scenarioMemory<Map<string, DriverRule>>();
  return (state) => {
    const memory = memoryFor(state);
    return {
      ...state,
      groups: state.groups.map((group) => {
        const seen = rememberFirst(memory, group.name, new Map<string, DriverRule>());
        const current = new Set(group.rules.map((r) => ruleKey(group.name, r)));
        for (const r of group.rules) seen.set(ruleKey(group.name, r), r);
        const removed = [...seen].filter(([k]) => !current.has(k)).map(([, r]) => r);
        return { ...group, rules: [...group.rules, ...removed] };
      }),
    };
  };
}

/** Groups attached after the first apply never take effect; detaches do. */
export function attachIgnored(): StateTransform {
  const memoryFor = scenarioMemory<Set<string>>();
  return (state) => {
    const memory = memoryFor(state);
    return {
      ...state,
      ports: state.ports.map((port) => {
        const kept = keptSinceFirst(memory, port.instance, port.groups);
        return { ...port, groups: port.groups.filter((g) => kept.has(g)) };
      }),
    };
  };
}

/**
 * Each port stays where the first apply saw it: a migrated instance's rules are kept on
 * its old host (under its old device name) and never programmed on the new one.
 */
export function rulesLeftOnOldHost(): StateTransform {
  const memoryFor = scenarioMemory<Pick<DriverPort, 'host' | 'hostInterface' | 'device'>>();
  return (state) => {
    const memory = memoryFor(state);
    return {
      ...state,
      ports: state.ports.map((port) => ({
        ...port,
        ...rememberFirst(memory, port.instance, {
          host: port.host,
          hostInterface: port.hostInterface,
          device: port.device,
        }),
      })),
    };
  };
}
