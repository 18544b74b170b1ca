/**
 * The verdict of one requirement in one matrix column, from the step counts. A
 * disagreement on any step that named it makes it violated; steps that were all
 * inconclusive prove nothing either way; no step at all means not exercised.
 */
import type { ColumnResult, RequirementCounts, RequirementInfo, ReproView } from './report-data.ts';

export type RequirementStatus =
  | { readonly kind: 'verified'; readonly counts: RequirementCounts }
  | {
      readonly kind: 'violated';
      readonly counts: RequirementCounts;
      readonly repros: readonly ReproView[];
    }
  | { readonly kind: 'inconclusive'; readonly counts: RequirementCounts }
  | { readonly kind: 'not-exercised' }
  /** The column's profile does not enforce it and no step named it. */
  | { readonly kind: 'not-applicable' };

export type StatusKind = RequirementStatus['kind'];

/** The counts of a requirement no step named. */
export const zeroCounts: RequirementCounts = {
  steps: 0,
  agree: 0,
  disagree: 0,
  involved: 0,
  inconclusive: 0,
  elapsedMs: 0,
};

/** Whether `requirement` belongs in `column`'s summary (its profile enforces it or a step named it). */
export function applies(requirement: RequirementInfo, column: ColumnResult): boolean {
  return (
    requirement.profiles.includes(column.profile) ||
    (column.requirements[requirement.id]?.steps ?? 0) > 0
  );
}

/** The status of `requirement` in `column`. */
export function requirementStatus(
  requirement: RequirementInfo,
  column: ColumnResult,
): RequirementStatus {
  const counts = column.requirements[requirement.id] ?? zeroCounts;
  const repros = column.repros.filter((r) => r.violated.includes(requirement.id));
  if (counts.disagree > 0 || repros.length > 0) return { kind: 'violated', counts, repros };
  if (!applies(requirement, column)) return { kind: 'not-applicable' };
  if (counts.steps === 0) return { kind: 'not-exercised' };
  // Only involved in disagreements it is not blamed for: neither verified nor violated.
  if (counts.agree === 0 && counts.inconclusive + counts.involved > 0)
    return { kind: 'inconclusive', counts };
  return { kind: 'verified', counts };
}

/** Per-column tallies for the one-line summary. */
export interface ColumnSummary {
  readonly applicable: number;
  readonly verified: number;
  readonly violated: number;
  readonly inconclusive: number;
  readonly notExercised: number;
}

/** Counts the statuses of every applicable requirement of `column`. */
export function summarizeColumn(
  catalogue: readonly RequirementInfo[],
  column: ColumnResult,
): ColumnSummary {
  const tally = { applicable: 0, verified: 0, violated: 0, inconclusive: 0, notExercised: 0 };
  for (const requirement of allRequirements(catalogue, [column])) {
    const status = requirementStatus(requirement, column);
    if (status.kind === 'not-applicable') continue;
    tally.applicable += 1;
    if (status.kind === 'verified') tally.verified += 1;
    else if (status.kind === 'violated') tally.violated += 1;
    else if (status.kind === 'inconclusive') tally.inconclusive += 1;
    else tally.notExercised += 1;
  }
  return tally;
}

/**
 * The catalogue plus any requirement ID a result names that the catalogue lacks (an
 * older or newer model), so nothing a run measured disappears from the report.
 */
export function allRequirements(
  catalogue: readonly RequirementInfo[],
  columns: readonly ColumnResult[],
): readonly RequirementInfo[] {
  const known = new Set(catalogue.map((r) => r.id));
  const extra = new Set<string>();
  for (const column of columns) {
    for (const id of Object.keys(column.requirements)) if (!known.has(id)) extra.add(id);
    for (const repro of column.repros)
      for (const id of repro.violated) if (!known.has(id)) extra.add(id);
  }
  const unknown = [...extra].sort().map((id) => ({
    id,
    statement: '(not in this version of the requirement catalogue)',
    source: '',
    profiles: [],
    area: 'unknown',
  }));
  return [...catalogue, ...unknown];
}
