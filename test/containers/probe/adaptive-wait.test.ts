/** The wait before "blocked": a multiple of the delivered latency, between a floor and the probe timeout. */
import { describe, expect, it } from 'vitest';
import {
  AdaptiveWait,
  LATENCY_FACTOR,
  MIN_SAMPLES,
  WAIT_FLOOR_MS,
} from '../../../containers/probe/index.ts';

describe('AdaptiveWait', () => {
  it('waits the whole probe timeout until enough probes were measured', () => {
    const wait = new AdaptiveWait();
    for (let i = 0; i < MIN_SAMPLES - 1; i++) wait.record(5);
    expect(wait.blockedAfterMs(200)).toBe(200);
  });

  it('is a multiple of the 90th-percentile latency', () => {
    const wait = new AdaptiveWait();
    for (let i = 0; i < 9; i++) wait.record(10);
    wait.record(40);
    expect(wait.blockedAfterMs(1000)).toBe(LATENCY_FACTOR * 40);
  });

  it('never goes below the floor nor above the probe timeout', () => {
    const fast = new AdaptiveWait();
    for (let i = 0; i < 20; i++) fast.record(1);
    expect(fast.blockedAfterMs(200)).toBe(WAIT_FLOOR_MS);
    const slow = new AdaptiveWait();
    for (let i = 0; i < 20; i++) slow.record(500);
    expect(slow.blockedAfterMs(200)).toBe(200);
  });
});
