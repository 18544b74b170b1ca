/**
 * Confirmation of a disagreement: only a disagreement that a re-probe repeats is
 * reported. Anything else is inconclusive and counted, never silently dropped.
 */
import { compare, type OracleResult, type TrafficExpectation } from '../oracle/index.ts';
import type { Dataplane, Observation, TrafficAction } from '../dataplane/index.ts';
import { confirmationAction } from './traffic-action.ts';
import { settleExpectedDelivery } from './late-audit.ts';
import { performSafely } from './perform-safely.ts';

export interface Confirmation {
  readonly observation: Observation;
  readonly oracle: OracleResult;
  readonly confirmed: boolean;
}

/** Re-checks a disagreement on `action`; null when the action cannot be re-checked. */
export async function confirmDisagreement(
  dataplane: Dataplane,
  action: TrafficAction,
  expected: TrafficExpectation,
): Promise<Confirmation | null> {
  const again = confirmationAction(action);
  if (again === null) return null;
  const observation = await settleExpectedDelivery(
    dataplane,
    expected,
    await performSafely(dataplane, again),
  );
  const oracle = compare(expected, observation);
  return { observation, oracle, confirmed: oracle.verdict === 'disagree' };
}
