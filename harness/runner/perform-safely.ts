/**
 * Backends report probe failures as data, but a backend bug may still throw; the
 * runner turns that into an inconclusive observation so one broken probe never
 * reads as "blocked" and never aborts the run without cleanup.
 */
import type { Dataplane, Observation, TrafficAction } from '../dataplane/index.ts';

/** `dataplane.perform(action)`, with a thrown error turned into `inconclusive`. */
export async function performSafely(
  dataplane: Dataplane,
  action: TrafficAction,
): Promise<Observation> {
  const started = performance.now();
  try {
    return await dataplane.perform(action);
  } catch (error) {
    return {
      kind: 'inconclusive',
      reason: `the backend threw on ${action.kind}: ${(error as Error).message}`,
      elapsedMs: performance.now() - started,
    };
  }
}
