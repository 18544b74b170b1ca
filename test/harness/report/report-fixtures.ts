/** Report columns for renderer tests: safespring with 15 verified, 1 violated, 1 not exercised. */
import { columnFromRunResult } from '../../../harness/report/index.ts';
import type { ColumnResult, ReportData, ReproView } from '../../../harness/report/index.ts';
import { reproRows } from '../../../harness/report/repro-view.ts';
import { requirements } from '../../../spec/requirements/index.ts';
import { syntheticRunResult, violatingStep } from './synthetic-results.ts';

/** A repro that violates CT-REPLY, with a hostile flow name to test escaping. */
export const ctReplyRepro: ReproView = {
  path: 'reports/run/repros/r1/scenario.json',
  violated: ['CT-REPLY'],
  replayCommand:
    'netconform replay reports/run/repros/r1/scenario.json --driver mutant:stateless --backend netns',
  rows: reproRows([
    { ...violatingStep(0, ['SG-BOTH-ENDS']), verdict: 'agree', oracle: { verdict: 'agree' } },
    {
      ...violatingStep(1, ['CT-REPLY']),
      step: { op: 'send', flow: 'f<script>alert(1)</script>', direction: 'reply' },
    },
  ]),
  tableText: null,
  scenario: { profile: 'safespring', steps: [] },
};

/** A clean reference column (from 20 synthetic runs). */
export function referenceColumn(): ColumnResult {
  return columnFromRunResult(syntheticRunResult({ runs: 20 }), []);
}

/** A mutant column: as the reference, but CT-REPLY disagreed once with a repro. */
export function mutantColumn(driver = 'mutant:stateless'): ColumnResult {
  const base = columnFromRunResult(syntheticRunResult({ runs: 20, driver }), [ctReplyRepro]);
  const ct = base.requirements['CT-REPLY']!;
  return {
    ...base,
    verdict: 'disagree',
    requirements: { ...base.requirements, 'CT-REPLY': { ...ct, steps: ct.steps + 1, disagree: 1 } },
  };
}

/** Report data with both columns. */
export function reportData(
  columns: readonly ColumnResult[] = [referenceColumn(), mutantColumn()],
): ReportData {
  return {
    columns,
    catalogue: requirements,
    mutation: null,
    generatedAt: '2025-01-01T01:00:00.000Z',
    environment: { node: 'v20.20.0', kernel: '6.1.0-test' },
  };
}
