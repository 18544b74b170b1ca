/**
 * Merges run results into matrix columns. Results of one column (same profile, driver,
 * backend) must be distinct shards `i/n` of one run (same seed, same n): their counts
 * are summed, their repros united. Results of different columns sit side by side.
 * Anything else is refused, as data, with a message that says what to do.
 */
import {
  columnId,
  type ColumnResult,
  type RequirementCounts,
  type ShardView,
} from './report-data.ts';
import { zeroCounts } from './requirement-status.ts';

export type MergeOutcome =
  | { readonly kind: 'merged'; readonly columns: readonly ColumnResult[] }
  | { readonly kind: 'conflict'; readonly message: string };

const verdictRank = ['agree', 'inconclusive', 'driver-error', 'disagree'];

function worstVerdict(verdicts: readonly string[]): string {
  return verdicts.reduce(
    (a, b) => (verdictRank.indexOf(b) > verdictRank.indexOf(a) ? b : a),
    'agree',
  );
}

function sumCounts(parts: readonly ColumnResult[]): Record<string, RequirementCounts> {
  const total: Record<string, RequirementCounts> = {};
  for (const part of parts) {
    for (const [id, c] of Object.entries(part.requirements)) {
      const t = total[id] ?? zeroCounts;
      total[id] = {
        steps: t.steps + c.steps,
        agree: t.agree + c.agree,
        disagree: t.disagree + c.disagree,
        involved: t.involved + c.involved,
        inconclusive: t.inconclusive + c.inconclusive,
        elapsedMs: t.elapsedMs + c.elapsedMs,
      };
    }
  }
  return total;
}

function missing(shards: readonly ShardView[]): number[] {
  const count = shards[0]?.count ?? 0;
  const present = new Set(shards.map((s) => s.index));
  return Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));
}

function checkShards(id: string, parts: readonly ColumnResult[]): string | null {
  const seeds = [...new Set(parts.map((p) => p.seed))];
  if (seeds.length > 1)
    return `${id}: results have different seeds (${seeds.join(', ')}); merge only the shards of one run (same --seed), or rerun with one seed`;
  const shards = parts.flatMap((p) => p.shards);
  if (parts.some((p) => p.shards.length === 0))
    return `${id}: an unsharded result cannot be merged with others of the same profile/driver/backend; pass only the --shard i/n results of one run`;
  const counts = [...new Set(shards.map((s) => s.count))];
  if (counts.length > 1)
    return `${id}: results come from different shard counts (${counts.join(', ')}); merge the shards of one --shard i/n split`;
  const seen = new Set<number>();
  for (const s of shards) {
    if (seen.has(s.index))
      return `${id}: shard ${s.index}/${s.count} is given twice; pass each shard's results once`;
    seen.add(s.index);
  }
  return null;
}

/** A target is unmet by the merged run when no shard met it. */
function mergeCoverage(parts: readonly ColumnResult[]): Pick<ColumnResult, 'coverage'> {
  const views = parts.flatMap((p) => (p.coverage === undefined ? [] : [p.coverage]));
  const [first, ...rest] = views;
  if (first === undefined || views.length < parts.length) return {};
  const unmet = first.unmet.filter((t) => rest.every((v) => v.unmet.includes(t)));
  return { coverage: { targets: first.targets, unmet } };
}

function mergeGroup(parts: readonly ColumnResult[]): ColumnResult {
  const first = parts[0];
  if (first === undefined) throw new Error('mergeGroup needs at least one result');
  const shards = parts.flatMap((p) => p.shards).sort((a, b) => a.index - b.index);
  const sum = (f: (p: ColumnResult) => number) => parts.reduce((t, p) => t + f(p), 0);
  const starts = parts
    .map((p) => p.startedAt)
    .filter((s): s is string => s !== null)
    .sort();
  return {
    profile: first.profile,
    driver: first.driver,
    backend: first.backend,
    seed: first.seed,
    runs: sum((p) => p.runs),
    scenarios: sum((p) => p.scenarios),
    steps: sum((p) => p.steps),
    inconclusiveSteps: sum((p) => p.inconclusiveSteps),
    verdict: worstVerdict(parts.map((p) => p.verdict)),
    // Shards run side by side: the wall time is the slowest shard's.
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    shards,
    missingShards: missing(shards),
    requirements: sumCounts(parts),
    repros: parts.flatMap((p) => p.repros),
    driverErrors: parts.flatMap((p) => p.driverErrors),
    startedAt: starts[0] ?? null,
    environment: first.environment,
    ...mergeCoverage(parts),
  };
}

/** Groups `results` by column and merges each group's shards. */
export function mergeColumns(results: readonly ColumnResult[]): MergeOutcome {
  const groups = new Map<string, ColumnResult[]>();
  for (const r of results) groups.set(columnId(r), [...(groups.get(columnId(r)) ?? []), r]);
  const columns: ColumnResult[] = [];
  for (const [id, parts] of groups) {
    if (parts.length > 1) {
      const problem = checkShards(id, parts);
      if (problem !== null) return { kind: 'conflict', message: problem };
    }
    columns.push(mergeGroup(parts));
  }
  return { kind: 'merged', columns };
}
