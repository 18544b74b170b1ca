/** The run-level coverage summary, from the runs' coverage tags. */
import { profiles, type ProfileName } from '../../spec/index.ts';
import { coverageTargets } from '../arbitraries/index.ts';
import type { CoverageSummary, RunRecord } from './run-result.ts';

/** Which of `profile`'s requirements and coverage targets the runs reached. */
export function summariseCoverage(
  profile: ProfileName,
  maxSites: number,
  records: readonly RunRecord[],
): CoverageSummary {
  const runs = new Map<string, number>();
  for (const r of records)
    for (const tag of new Set([...r.coverage.requirements, ...r.coverage.features]))
      runs.set(tag, (runs.get(tag) ?? 0) + 1);
  const unexercised = profiles[profile].requirements.filter((id) => !runs.has(id));
  const targets = coverageTargets(profile, maxSites);
  return {
    allRequirementsExercised: unexercised.length === 0,
    unexercised,
    unmetTargets: targets.filter((t) => !runs.has(t)),
    targets: targets.length,
    features: [...runs]
      .filter(([tag]) => tag.includes(':'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([feature, n]) => ({ feature, runs: n })),
  };
}
