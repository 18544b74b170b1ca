import { describe, expect, it } from 'vitest';
import {
  createProgressDisplay,
  formatProgressLine,
  type ProgressEvent,
} from '../../../harness/progress/index.ts';

const event = (
  done: number,
  elapsedMs: number,
  extra: Partial<ProgressEvent> = {},
): ProgressEvent => ({
  phase: 'running',
  done,
  total: 100,
  disagreements: 0,
  inconclusive: 0,
  shrinkCandidates: 0,
  elapsedMs,
  ...extra,
});

function capture(isTTY: boolean, clock: { t: number }) {
  const writes: string[] = [];
  const display = createProgressDisplay({
    output: { isTTY, write: (s: string) => writes.push(s) },
    now: () => clock.t,
  });
  return { writes, display };
}

describe('formatProgressLine', () => {
  it('shows runs, rate, disagreements and the bar', () => {
    const line = formatProgressLine(event(50, 10_000, { disagreements: 1 }), true);
    expect(line).toBe(
      '[##########----------] 50/100 runs | 5.0 scenarios/s | 1 disagreement | 0 inconclusive',
    );
    expect(
      formatProgressLine(event(50, 10_000, { phase: 'shrinking', shrinkCandidates: 7 }), false),
    ).toMatch(/^50\/100 runs .*shrinking \(7 candidates\)$/);
  });
});

describe('createProgressDisplay', () => {
  it('prints a plain line every 10 % when not on a TTY', () => {
    const clock = { t: 0 };
    const { writes, display } = capture(false, clock);
    for (let done = 0; done <= 100; done += 1) {
      clock.t = done; // fast: only the 10 % marks print
      display.update(event(done, done));
    }
    display.finish();
    expect(writes).toHaveLength(11);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
  });

  it('prints at least every 10 s when runs are slow', () => {
    const clock = { t: 0 };
    const { writes, display } = capture(false, clock);
    display.update(event(1, 0));
    clock.t = 5_000;
    display.update(event(1, 5_000));
    clock.t = 10_001;
    display.update(event(1, 10_001));
    expect(writes).toHaveLength(2);
  });

  it('redraws one line in place on a TTY', () => {
    const clock = { t: 0 };
    const { writes, display } = capture(true, clock);
    for (let done = 1; done <= 5; done += 1) {
      clock.t += 1_000;
      display.update(event(done, clock.t));
    }
    display.finish();
    expect(writes.slice(0, -1).every((w) => w.startsWith('\r') && !w.endsWith('\n'))).toBe(true);
    expect(writes.at(-1)).toMatch(/5\/100 runs.*\n$/);
  });
});
