import { describe, expect, it } from 'vitest';
import { compare, type TrafficExpectation } from '../../../harness/oracle/index.ts';
import type { Observation } from '../../../harness/dataplane/index.ts';

const expectation = (delivered: boolean, seenFrom: string | null): TrafficExpectation => ({
  kind: 'traffic',
  delivered,
  seenFrom,
  requirements: ['SG-MATCH'],
  reason: 'test',
});
const observation = (delivered: boolean, seenFrom: string | null): Observation => ({
  kind: 'observed',
  delivered,
  seenFrom,
  elapsedMs: 1,
});
const failed: Observation = { kind: 'inconclusive', reason: 'agent died', elapsedMs: 1 };

const A = '198.51.100.10';
const B = '192.0.2.10';

describe('compare', () => {
  it.each([
    ['delivered, same source', expectation(true, A), observation(true, A), 'agree', undefined],
    ['blocked, blocked', expectation(false, null), observation(false, null), 'agree', undefined],
    [
      'blocked but delivered',
      expectation(false, null),
      observation(true, A),
      'disagree',
      'delivered',
    ],
    [
      'delivered but blocked',
      expectation(true, A),
      observation(false, null),
      'disagree',
      'delivered',
    ],
    [
      'delivered, other source (NAT)',
      expectation(true, B),
      observation(true, A),
      'disagree',
      'seenFrom',
    ],
    [
      'delivered, source not observed: unchecked, not agreement',
      expectation(true, A),
      observation(true, null),
      'inconclusive',
      undefined,
    ],
    ['model has no source', expectation(true, null), observation(true, A), 'agree', undefined],
    ['probe failed, expected blocked', expectation(false, null), failed, 'inconclusive', undefined],
    ['probe failed, expected delivered', expectation(true, A), failed, 'inconclusive', undefined],
  ] as const)('%s', (_, expected, observed, verdict, field) => {
    const result = compare(expected, observed);
    expect(result.verdict).toBe(verdict);
    if (result.verdict === 'disagree') expect(result.field).toBe(field);
  });

  it('keeps the reason of a failed probe', () => {
    expect(compare(expectation(false, null), failed)).toEqual({
      verdict: 'inconclusive',
      reason: 'agent died',
    });
  });
});
