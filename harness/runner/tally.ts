/** Counting step verdicts, overall and per requirement ID. */
import type { RequirementTally } from './run-result.ts';
import type { StepRecord } from './step-record.ts';

export interface StepTotals {
  steps: number;
  trafficSteps: number;
  agree: number;
  disagree: number;
  inconclusive: number;
  unconfirmed: number;
}

const isTraffic = (s: StepRecord): boolean => s.expectation.kind === 'traffic';

/** Totals over `steps` (traffic steps are those the oracle judged or tried to). */
export function countSteps(steps: readonly StepRecord[]): StepTotals {
  const totals: StepTotals = {
    steps: 0,
    trafficSteps: 0,
    agree: 0,
    disagree: 0,
    inconclusive: 0,
    unconfirmed: 0,
  };
  for (const s of steps) {
    totals.steps += 1;
    if (isTraffic(s)) totals.trafficSteps += 1;
    if (s.verdict === 'agree') totals.agree += 1;
    if (s.verdict === 'disagree') totals.disagree += 1;
    if (s.verdict === 'inconclusive') totals.inconclusive += 1;
    if (s.unconfirmed) totals.unconfirmed += 1;
  }
  return totals;
}

/** Per requirement ID, the traffic steps it decided and how they ended; sorted by ID. */
export function tallyRequirements(steps: readonly StepRecord[]): RequirementTally[] {
  const byId = new Map<string, RequirementTally>();
  for (const s of steps) {
    if (!isTraffic(s)) continue;
    for (const id of new Set(s.requirements)) {
      const t = byId.get(id) ?? {
        id,
        steps: 0,
        agree: 0,
        disagree: 0,
        involved: 0,
        inconclusive: 0,
      };
      t.steps += 1;
      if (s.verdict === 'agree') t.agree += 1;
      if (s.verdict === 'disagree') {
        if (s.blame?.violated.includes(id) === true) t.disagree += 1;
        else t.involved += 1;
      }
      if (s.verdict === 'inconclusive') t.inconclusive += 1;
      byId.set(id, t);
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
