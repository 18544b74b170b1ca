/**
 * Checks on a `CheckResult` that the requirement and regression tests share. Each
 * returns readable problem lines, so a failing test prints the offending steps.
 */
import {
  checkExpect,
  describeStep,
  expectOf,
  type RequirementId,
  type Step,
} from '../../spec/index.ts';
import type { CheckResult, StepRecord } from '../../harness/runner/index.ts';

const TRAFFIC_OPS: ReadonlySet<Step['op']> = new Set(['open', 'send', 'probe', 'spoof']);

const label = (r: StepRecord): string => `step ${r.index + 1} (${describeStep(r.step)})`;

/** Traffic steps of the scenario that carry no written `expect`. */
export function missingExpects(steps: readonly Step[]): string[] {
  return steps.flatMap((s, i) =>
    TRAFFIC_OPS.has(s.op) && expectOf(s) === undefined
      ? [`step ${i + 1} (${describeStep(s)}) has no expect`]
      : [],
  );
}

/**
 * Every step with a written `expect` must be a traffic step the model predicts the
 * same way, the dataplane must agree with the model, and the observation must be the
 * written value itself (delivered, and the receiver's view of the source when given).
 */
export function stepProblems(result: CheckResult): string[] {
  const problems: string[] = [];
  if (result.setupError !== null) problems.push(`setup failed: ${result.setupError}`);
  if (result.driverError !== null)
    problems.push(`driver error at step ${result.driverError.step}: ${result.driverError.message}`);
  for (const r of result.steps) {
    const written = expectOf(r.step);
    if (written === undefined) continue;
    const model = checkExpect(written, r.expectation);
    if (model.kind === 'contradicted') problems.push(`${label(r)}: model: ${model.message}`);
    if (r.expectation.kind !== 'traffic') {
      problems.push(`${label(r)}: the model calls it ${r.expectation.kind}, not traffic`);
      continue;
    }
    if (r.verdict !== 'agree') problems.push(`${label(r)}: verdict ${r.verdict} (${r.note ?? ''})`);
    const seen = r.observation;
    if (seen?.kind !== 'observed') {
      problems.push(`${label(r)}: no observation (${seen?.kind ?? 'none'})`);
      continue;
    }
    if (seen.delivered !== written.delivered)
      problems.push(
        `${label(r)}: observed delivered=${seen.delivered}, expected ${written.delivered}`,
      );
    else if (
      written.delivered &&
      written.seenFrom !== undefined &&
      seen.seenFrom !== written.seenFrom
    )
      problems.push(`${label(r)}: receiver saw ${seen.seenFrom}, expected ${written.seenFrom}`);
  }
  return problems;
}

/** How many steps were actually compared on the dataplane and agreed. */
export function agreedTrafficSteps(result: CheckResult): number {
  return result.steps.filter((r) => r.expectation.kind === 'traffic' && r.verdict === 'agree')
    .length;
}

/** Whether some traffic step's expectation was decided by requirement `id`. */
export function trafficNames(result: CheckResult, id: RequirementId): boolean {
  return result.steps.some(
    (r) => r.expectation.kind === 'traffic' && r.expectation.requirements.includes(id),
  );
}
