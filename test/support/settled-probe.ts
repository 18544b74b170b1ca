import type { Dataplane, Observation, TrafficAction } from '../../harness/dataplane/index.ts';

/**
 * Performs `action` and judges it the way the runner does: a probe called blocked after
 * the short, process-wide adaptive wait is settled with `dp.settleLate` (watched until its
 * probe timeout), and a late arrival makes the observation delivered. Tests asserting
 * `delivered: true` through `dp.perform` alone misjudge a slow (cold or loaded) path.
 */
export async function settledProbe(
  dp: Pick<Dataplane, 'perform' | 'settleLate'>,
  action: TrafficAction,
): Promise<Observation> {
  const observation = await dp.perform(action);
  if (observation.kind !== 'observed' || observation.delivered) return observation;
  if (observation.probeId === undefined) return observation;
  const [arrival] = await dp.settleLate([observation.probeId]);
  return arrival?.delivered === true
    ? { ...observation, delivered: true, seenFrom: arrival.seenFrom }
    : observation;
}
