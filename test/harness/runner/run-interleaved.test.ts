import { describe, expect, it } from 'vitest';
import { runInterleaved } from '../../../harness/runner/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A delay per position that makes later positions finish before earlier ones. */
const jitter = (position: number): number => ((position * 7) % 5) * 3;

describe('runInterleaved', () => {
  it('gives every position in order, job j running positions j, j+N, ...', async () => {
    const ranOn: number[] = [];
    const { outcomes, stopped, cut } = await runInterleaved({
      count: 10,
      jobs: 3,
      mayStart: () => true,
      stops: () => false,
      run: async (position, job) => {
        ranOn[position] = job;
        await sleep(jitter(position));
        return position;
      },
    });
    expect(outcomes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ranOn).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    expect({ stopped, cut }).toEqual({ stopped: false, cut: false });
  });

  it('keeps a run of N jobs in flight at once, never more', async () => {
    let inFlight = 0;
    let most = 0;
    await runInterleaved({
      count: 12,
      jobs: 4,
      mayStart: () => true,
      stops: () => false,
      run: async (position) => {
        most = Math.max(most, ++inFlight);
        await sleep(jitter(position) + 2);
        inFlight -= 1;
      },
    });
    expect(most).toBe(4);
  });

  it('ends at the first stopping position, whatever finished after it or first', async () => {
    for (const jobs of [1, 2, 3, 5]) {
      const { outcomes, stopped } = await runInterleaved({
        count: 20,
        jobs,
        mayStart: () => true,
        // Position 7 and 9 stop; 9 may finish first, 7 still wins.
        stops: (p) => p === 7 || p === 9,
        run: async (position) => {
          await sleep(position === 7 ? 30 : jitter(position));
          return position;
        },
      });
      expect(outcomes, `jobs ${jobs}`).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(stopped).toBe(true);
    }
  });

  it('cut by mayStart: the contiguous prefix that ran, flagged as cut', async () => {
    let starts = 0;
    const { outcomes, stopped, cut } = await runInterleaved({
      count: 20,
      jobs: 3,
      mayStart: () => ++starts <= 8,
      stops: () => false,
      run: async (position) => {
        await sleep(jitter(position));
        return position;
      },
    });
    expect(outcomes).toEqual([...outcomes.keys()]);
    expect(outcomes.length).toBeLessThanOrEqual(8);
    expect({ stopped, cut }).toEqual({ stopped: false, cut: true });
  });

  it('waits for every job, then rethrows the first error', async () => {
    const finished: number[] = [];
    await expect(
      runInterleaved({
        count: 6,
        jobs: 3,
        mayStart: () => true,
        stops: () => false,
        run: async (position) => {
          if (position === 1) throw new Error('model bug');
          await sleep(10);
          finished.push(position);
        },
      }),
    ).rejects.toThrow('model bug');
    // Jobs already running finished; none started after the error.
    expect(finished.sort()).toEqual([0, 2]);
  });

  it('refuses a job count that is not a positive integer', async () => {
    const options = { count: 3, mayStart: () => true, stops: () => false, run: async () => 1 };
    await expect(runInterleaved({ ...options, jobs: 0 })).rejects.toThrow(/jobs must be/);
    await expect(runInterleaved({ ...options, jobs: 1.5 })).rejects.toThrow(/jobs must be/);
  });
});
