/** Assembles `ReportData` from loaded columns, the catalogue and the report host's versions. */
import { requirements } from '../../spec/requirements/index.ts';
import type { ColumnResult, EnvironmentView, MutationView, ReportData } from './report-data.ts';

export interface ReportDataInput {
  readonly columns: readonly ColumnResult[];
  readonly mutation?: MutationView | null;
  readonly environment?: EnvironmentView;
  /** Defaults to now. */
  readonly generatedAt?: string;
}

/** The report data with the spec's requirement catalogue. */
export function buildReportData(input: ReportDataInput): ReportData {
  return {
    columns: input.columns,
    catalogue: requirements,
    mutation: input.mutation ?? null,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    environment: input.environment ?? {},
  };
}
