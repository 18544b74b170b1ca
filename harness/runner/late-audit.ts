/**
 * The runner's side of the short negative wait (docs/cli.md, "Probe timeout"). A probe
 * is called blocked after an adaptive wait, far shorter than the probe timeout, while
 * the agents keep listening. Two checks make that safe:
 * - an expected delivery observed blocked is settled patiently: its packet gets the
 *   whole probe timeout before the step can disagree, and if a re-probe is delivered,
 *   a second look after it (a loaded machine can be slower than the probe timeout);
 * - the late-arrival audit at the end of a scenario: a packet called blocked that
 *   arrived after all turns its step into a disagreement (same rules in force when it
 *   arrived), an agreement when a configuration step that had begun meanwhile admits
 *   it in the model (a TCP retransmission meeting a rule added after the probe), or an
 *   inconclusive (a configuration step had begun meanwhile, and none admits it).
 */
import type { Dataplane, LateArrival, Observation } from '../dataplane/index.ts';
import { compare, type TrafficExpectation } from '../oracle/index.ts';
import type { StepRecord } from './step-record.ts';

/** The observation with its late delivery, when it arrived within the probe timeout. */
export async function settleExpectedDelivery(
  dataplane: Dataplane,
  expected: TrafficExpectation,
  observation: Observation,
): Promise<Observation> {
  if (!expected.delivered || observation.kind !== 'observed') return observation;
  if (observation.delivered || observation.probeId === undefined) return observation;
  const [arrival] = await settleSafely(dataplane, [observation.probeId]);
  if (arrival?.delivered !== true) return observation;
  return deliveredLate(observation, arrival);
}

/**
 * The second chance of an expected delivery that stayed blocked for the whole probe
 * timeout while its re-probe was delivered: the machine may just have been slower than
 * the probe timeout. If the first packet has arrived by now (the rules are unchanged:
 * no step ran since), the observation with its late delivery; otherwise null.
 */
export async function deliveredMeanwhile(
  dataplane: Dataplane,
  expected: TrafficExpectation,
  observation: Observation,
  reprobe: Observation | undefined,
): Promise<Extract<Observation, { kind: 'observed' }> | null> {
  if (!expected.delivered || observation.kind !== 'observed' || observation.delivered) return null;
  if (observation.probeId === undefined) return null;
  if (reprobe?.kind !== 'observed' || !reprobe.delivered) return null;
  const [arrival] = await settleSafely(dataplane, [observation.probeId]);
  if (arrival?.delivered !== true) return null;
  return deliveredLate(observation, arrival);
}

/** `observation` corrected by a late arrival: delivered, with what the receiver saw. */
export function deliveredLate(
  observation: Extract<Observation, { kind: 'observed' }>,
  arrival: LateArrival,
): Extract<Observation, { kind: 'observed' }> {
  return {
    ...observation,
    delivered: true,
    seenFrom: arrival.seenFrom,
    late: { arrivedAfterMs: Math.round(arrival.arrivedAfterMs) },
  };
}

/** `dataplane.settleLate`, with a backend failure read as "nothing arrived" plus a reason. */
export async function settleSafely(
  dataplane: Dataplane,
  probeIds?: readonly string[],
): Promise<LateArrival[]> {
  try {
    return await dataplane.settleLate(probeIds);
  } catch {
    // The audit is evidence on top of the verdicts; a failed audit leaves them as they are.
    return [];
  }
}

/** A step the audit changed. */
export interface AuditedStep {
  readonly record: StepRecord;
  readonly observation: Observation;
}

/**
 * Whether the model, in the state after configuration step `configIndex`, expects the
 * packet of traffic step `stepIndex` as `observation` shows it (delivered, seen from
 * the same address).
 */
export type LaterAdmission = (
  stepIndex: number,
  configIndex: number,
  observation: Observation,
) => boolean;

/**
 * Applies `arrivals` to `records` (replacing the records it changes) and returns the
 * changed ones. Only steps that agreed on "blocked" change: `configStarts` holds, per
 * step index, when each configuration step began, to tell whether the rules changed
 * between the probe and its packet's arrival; `admitsLater` asks the model whether one
 * of those later configurations lets the packet through.
 */
export function auditLateArrivals(
  records: StepRecord[],
  arrivals: readonly LateArrival[],
  configStarts: ReadonlyMap<number, number>,
  admitsLater: LaterAdmission = () => false,
): AuditedStep[] {
  const changed: AuditedStep[] = [];
  for (const arrival of arrivals) {
    const at = records.findIndex(
      (r) => r.observation?.kind === 'observed' && r.observation.probeId === arrival.probeId,
    );
    const record = records[at];
    if (record === undefined || record.verdict !== 'agree') continue;
    if (record.expectation.kind !== 'traffic' || record.observation?.kind !== 'observed') continue;
    const observation = deliveredLate(record.observation, arrival);
    const oracle = compare(record.expectation, observation);
    if (oracle.verdict !== 'disagree') continue;
    const laterConfigs = [...configStarts]
      .filter(([index, startedAt]) => index > record.index && startedAt <= arrival.arrivedAt)
      .map(([index]) => index);
    const what =
      `its packet arrived ${Math.round(arrival.arrivedAfterMs)} ms after it was sent, ` +
      `after it was called blocked at ${record.observation.blockedAfterMs ?? '?'} ms` +
      (arrival.delivered ? '' : ' (the receiver saw the request; no reply came back)');
    const admittedBy = laterConfigs.find((index) => admitsLater(record.index, index, observation));
    if (admittedBy !== undefined) {
      // The step's verdict stands (blocked under its own rules); the note keeps the arrival.
      records[at] = {
        ...record,
        note: `late arrival: ${what}, once step ${admittedBy} had begun, whose rules admit it in the model (a retransmission meeting the new rules)`,
      };
      continue;
    }
    const next: StepRecord =
      laterConfigs.length > 0
        ? {
            ...record,
            observation,
            oracle,
            verdict: 'inconclusive',
            note: `late arrival: ${what}, once a later configuration step had begun, so the rules that let it through are unknown`,
          }
        : {
            ...record,
            observation,
            oracle,
            verdict: 'disagree',
            note: `late arrival: ${what}, under the same rules: ${oracle.detail}`,
          };
    records[at] = next;
    changed.push({ record: next, observation });
  }
  return changed;
}
