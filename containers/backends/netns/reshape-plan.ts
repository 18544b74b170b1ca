/**
 * Turning a built routed dataplane into the one a fresh build of another topology
 * would give, by changing only what differs (docs/backends.md, "Reuse between
 * scenarios"). Generated scenarios share their frame (sites, hosts, routers,
 * externals) far more often than their instances, and a namespace kept is one not
 * created, configured, destroyed, nor given a new probe agent. Pure.
 *
 * A namespace is kept when both plans have it with the same role and entity, made by
 * the same link line of a kept parent, and, for endpoints (instances, externals), the
 * same script. Kept hosts and routers get the difference of their `ip -batch` lines:
 * routes of the old plan that are gone are deleted, lines that are new or that name a
 * device made anew are run. Anything else that differs (bridges, addresses, sysctls of
 * a kept device) is not reshaped: the caller rebuilds.
 */
import type { BuildPlan, NamespacePlan } from './plan.ts';
import { scriptParts, namespaceScript } from './plan-script.ts';

/** A script run in one namespace that exists. */
export interface ReshapeScript {
  readonly namespace: string;
  readonly script: string;
}

/** What turns the old plan's dataplane into the new plan's, in phase order. */
export interface ReshapePlan {
  /** Phase 1, in kept namespaces: delete the links of removed children and gone routes. */
  readonly prune: readonly ReshapeScript[];
  /** Phase 2: namespaces of the old plan not kept (their agents stopped first). */
  readonly remove: readonly string[];
  /** Phase 3: namespaces of the new plan not kept, created and configured in full. */
  readonly create: readonly NamespacePlan[];
  /** Phase 4, in kept parents: `ip -batch` lines creating the links of created children. */
  readonly links: readonly { readonly namespace: string; readonly lines: readonly string[] }[];
  /** Phase 5, in kept namespaces: lines that are new or name a device made anew. */
  readonly configure: readonly ReshapeScript[];
  /** Phase 6: kept hosts and routers, whose neighbour tables are flushed (endpoints' are by `resetFlows`). */
  readonly flushNeighbours: readonly string[];
  /** Endpoints whose namespace (and so agent) stays. */
  readonly keptEndpoints: ReadonlySet<string>;
}

/** One `link add DEV ... peer name PEER netns TARGET` line of namespace `owner`. */
interface Edge {
  readonly owner: string;
  readonly target: string;
  readonly line: string;
  readonly device: string;
  readonly peer: string;
}

function edgesOf(plan: BuildPlan): Edge[] {
  return plan.namespaces.flatMap((ns) =>
    ns.links.map((line) => {
      const words = line.split(/\s+/);
      const target = words[words.indexOf('netns') + 1];
      const peer = words[words.indexOf('peer') + 2];
      const device = words[2];
      if (words[0] !== 'link' || words[1] !== 'add' || !target || !peer || !device)
        throw new Error(`unexpected link line in ${ns.name}: ${line}`);
      return { owner: ns.name, target, line, device, peer };
    }),
  );
}

function partsOf(script: string): ReturnType<typeof scriptParts> | null {
  try {
    return scriptParts(script);
  } catch {
    return null;
  }
}

/** Endpoints: kept only whole (same script, same link). */
const ENDPOINT_ROLES = new Set(['instance', 'external', 'server']);
const mentions = (line: string, devices: ReadonlySet<string>): boolean =>
  line.split(/[\s/=]+/).some((w) => devices.has(w));
const edgeKey = (e: Edge): string => `${e.owner}\n${e.line}`;

/**
 * The reshape from `from` to `to` (both planned with the same prefix), or null when
 * the difference is one this does not handle (not routed plumbing, a kept device
 * changed): then build `to` afresh.
 */
export function planReshape(from: BuildPlan, to: BuildPlan): ReshapePlan | null {
  if (from.prefix !== to.prefix) return null;
  if (from.layout.plumbing.mode !== 'routed' || to.layout.plumbing.mode !== 'routed') return null;
  if (from.overlay !== undefined || to.overlay !== undefined) return null;
  const oldByName = new Map(from.namespaces.map((ns) => [ns.name, ns]));
  const newByName = new Map(to.namespaces.map((ns) => [ns.name, ns]));
  const oldEdges = edgesOf(from);
  const newEdges = edgesOf(to);
  const newEdgeKeys = new Set(newEdges.map(edgeKey));
  const oldEdgeKeys = new Set(oldEdges.map(edgeKey));
  const incident = (edges: readonly Edge[], name: string): string[] =>
    edges
      .filter((e) => e.owner === name || e.target === name)
      .map(edgeKey)
      .sort();

  const isKept = (name: string): boolean => {
    const a = oldByName.get(name);
    const b = newByName.get(name);
    if (a === undefined || b === undefined || a.role !== b.role || a.entity !== b.entity)
      return false;
    if (!ENDPOINT_ROLES.has(a.role)) return true;
    return (
      a.script === b.script &&
      incident(oldEdges, name).join('\0') === incident(newEdges, name).join('\0')
    );
  };
  const keptNames = new Set(to.namespaces.filter((ns) => isKept(ns.name)).map((ns) => ns.name));
  const edgeKept = (e: Edge, otherPlan: ReadonlySet<string>): boolean =>
    otherPlan.has(edgeKey(e)) && keptNames.has(e.owner) && keptNames.has(e.target);
  const goneEdges = oldEdges.filter((e) => !edgeKept(e, newEdgeKeys));
  const madeEdges = newEdges.filter((e) => !edgeKept(e, oldEdgeKeys));
  /** Devices of `edges` in namespace `name`. */
  const devicesIn = (edges: readonly Edge[], name: string): Set<string> =>
    new Set(
      edges.flatMap((e) => [
        ...(e.owner === name ? [e.device] : []),
        ...(e.target === name ? [e.peer] : []),
      ]),
    );

  const prune: ReshapeScript[] = [];
  const links: { namespace: string; lines: string[] }[] = [];
  const configure: ReshapeScript[] = [];
  for (const b of to.namespaces) {
    if (!keptNames.has(b.name)) continue;
    const a = oldByName.get(b.name) as NamespacePlan;
    const gone = devicesIn(goneEdges, b.name);
    const made = devicesIn(madeEdges, b.name);
    const before = partsOf(a.script);
    const after = partsOf(b.script);
    // A script with more than namespaceScript's parts (a router's SNAT table) is not diffed.
    if (before === null || after === null) return null;
    if (before.bridge.join('\n') !== after.bridge.join('\n')) return null;
    const afterBatch = new Set(after.batch);
    // Deleting one end of a veth deletes both, now rather than when a namespace dies.
    const pruneLines = goneEdges
      .filter((e) => e.owner === b.name || (e.target === b.name && !keptNames.has(e.owner)))
      .map((e) => `link del ${e.owner === b.name ? e.device : e.peer}`);
    for (const line of before.batch) {
      if (afterBatch.has(line) || mentions(line, gone)) continue;
      if (!line.startsWith('route add ')) return null;
      pruneLines.push(`route del ${line.slice('route add '.length)}`);
    }
    const afterSysctls = new Set(after.sysctls);
    if (before.sysctls.some((s) => !afterSysctls.has(s) && !mentions(s, gone))) return null;
    const beforeBatch = new Set(before.batch);
    const beforeSysctls = new Set(before.sysctls);
    const addLines = after.batch.filter((l) => !beforeBatch.has(l) || mentions(l, made));
    const addSysctls = after.sysctls.filter((s) => !beforeSysctls.has(s) || mentions(s, made));
    const madeHere = madeEdges.filter((e) => e.owner === b.name).map((e) => e.line);
    if (pruneLines.length > 0)
      prune.push({ namespace: b.name, script: namespaceScript([], pruneLines) });
    if (madeHere.length > 0) links.push({ namespace: b.name, lines: madeHere });
    if (addLines.length > 0 || addSysctls.length > 0)
      configure.push({ namespace: b.name, script: namespaceScript(addSysctls, addLines) });
  }

  const keptEndpoints = new Set<string>();
  for (const [name, e] of to.endpoints) {
    const old = from.endpoints.get(name);
    if (
      old !== undefined &&
      old.namespace === e.namespace &&
      old.ip === e.ip &&
      keptNames.has(e.namespace)
    )
      keptEndpoints.add(name);
  }
  return {
    prune,
    remove: from.namespaces.filter((ns) => !keptNames.has(ns.name)).map((ns) => ns.name),
    create: to.namespaces.filter((ns) => !keptNames.has(ns.name)),
    flushNeighbours: to.namespaces
      .filter((ns) => keptNames.has(ns.name) && !ENDPOINT_ROLES.has(ns.role))
      .map((ns) => ns.name),
    links,
    configure,
    keptEndpoints,
  };
}
