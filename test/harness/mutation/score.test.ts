import { describe, expect, it } from 'vitest';
import { median, mutationScore, type MutantOutcome } from '../../../harness/mutation/index.ts';

const outcome = (name: string, timeToCatchMs: number | null): MutantOutcome => ({
  name,
  driver: `mutant:${name}`,
  origin: 'test',
  status: timeToCatchMs === null ? 'missed' : 'caught',
  caught: timeToCatchMs !== null,
  runsUntilCaught: timeToCatchMs === null ? null : 1,
  caughtInRun: timeToCatchMs === null ? null : 0,
  runsExecuted: 1,
  timeToCatchMs,
  timeToShrinkMs: timeToCatchMs === null ? null : timeToCatchMs * 2,
  reproSteps: timeToCatchMs === null ? null : 2,
  violated: [],
  involved: [],
  expectedRequirements: [],
  requirementsMatch: false,
  reproPath: null,
  runResultPath: null,
  driverError: null,
  inconclusiveSteps: 0,
  durationMs: 1,
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, of unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('mutationScore', () => {
  it('counts caught over all mutants and times only the caught ones', () => {
    const score = mutationScore([
      outcome('a', 1000),
      outcome('b', null),
      outcome('c', 3000),
      outcome('d', 2000),
    ]);
    expect(score).toEqual({
      caught: 3,
      total: 4,
      percent: 75,
      medianTimeToCatchMs: 2000,
      worstTimeToCatchMs: 3000,
      medianTimeToShrinkMs: 4000,
    });
  });

  it('reports 0 % and no times when nothing was caught or nothing ran', () => {
    expect(mutationScore([outcome('a', null)])).toMatchObject({
      percent: 0,
      medianTimeToCatchMs: null,
      worstTimeToCatchMs: null,
    });
    expect(mutationScore([])).toMatchObject({ caught: 0, total: 0, percent: 0 });
  });
});
