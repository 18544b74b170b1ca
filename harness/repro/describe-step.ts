/**
 * One-line, human-readable descriptions of expectations and observations (steps are
 * described by spec's `describeStep`, re-exported here for the table writers).
 */
import type { Expectation } from '../../spec/index.ts';
import type { Observation } from '../dataplane/index.ts';

export { describeStep } from '../../spec/index.ts';

const delivery = (delivered: boolean, seenFrom: string | null): string =>
  delivered ? (seenFrom === null ? 'delivered' : `delivered from ${seenFrom}`) : 'blocked';

/** What the model expects, in a few words. */
export function describeExpectation(expectation: Expectation): string {
  if (expectation.kind === 'traffic') return delivery(expectation.delivered, expectation.seenFrom);
  return expectation.kind;
}

/** What the dataplane observed, in a few words; `-` when nothing ran. */
export function describeObservation(observation: Observation | null): string {
  if (observation === null) return '-';
  if (observation.kind === 'inconclusive') return `inconclusive (${observation.reason})`;
  return delivery(observation.delivered, observation.seenFrom);
}

/**
 * `violated: NET-NAT-OUT; involved: SG-MATCH`, or `violated: undetermined (...)` when no
 * requirement explains the observations, or several do alike (named).
 */
export function describeBlame(blame: {
  readonly violated: readonly string[];
  readonly involved: readonly string[];
  readonly undetermined: boolean;
  readonly candidates?: readonly string[];
}): string {
  const alike = blame.candidates ?? [];
  const violated = !blame.undetermined
    ? blame.violated.join(', ')
    : alike.length > 0
      ? `undetermined (the observations do not separate ${alike.join(', ')})`
      : 'undetermined (no single requirement explains the observation)';
  const involved = blame.involved.length > 0 ? `; involved: ${blame.involved.join(', ')}` : '';
  return `violated: ${violated}${involved}`;
}
