/**
 * One-line, human-readable descriptions of expectations and observations (steps are
 * described by spec's `describeStep`, re-exported here for the table writers).
 */
import type { Expectation } from '../../spec/index.ts';
import type { Capture, Observation } from '../dataplane/index.ts';

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

const protocols: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };

/**
 * The frame a token watcher caught, for an auditor: `token T seen in clear at W (IF):
 * udp 192.0.2.11:41000 -> 192.0.2.13:4790`.
 */
export function describeCapture(c: Capture): string {
  const end = (ip: string, port: number | null) => (port === null ? ip : `${ip}:${port}`);
  const proto = protocols[c.protocol] ?? `ip proto ${c.protocol}`;
  return (
    `token ${c.token} seen in clear at ${c.at} (${c.interface}): ` +
    `${proto} ${end(c.src, c.srcPort)} -> ${end(c.dst, c.dstPort)}`
  );
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
