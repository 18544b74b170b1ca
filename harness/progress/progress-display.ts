/**
 * Renders progress events: on a TTY a live single-line bar; elsewhere (CI logs) a
 * plain line every ~10 s or every 10 % of the runs, so logs stay short.
 */
import { formatProgressLine } from './format-progress.ts';
import type { ProgressEvent } from './progress-event.ts';

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressDisplayOptions {
  readonly output: ProgressOutput;
  /** Plain-line interval when not on a TTY (default 10 s). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  /** Ends the live line (TTY) or prints the final line. */
  finish(): void;
}

const TTY_REDRAW_MS = 100;

/** A display that writes to `output`. */
export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const { output } = options;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 10_000;
  const tty = output.isTTY === true;
  let last: ProgressEvent | null = null;
  let lastWrite = -Infinity;
  let lastDecile = -1;
  let lastPhase: ProgressEvent['phase'] | null = null;
  let printed: ProgressEvent | null = null;

  const decile = (e: ProgressEvent): number =>
    e.total === 0 ? 10 : Math.floor((e.done / e.total) * 10);

  return {
    update(event) {
      last = event;
      const t = now();
      if (tty) {
        if (t - lastWrite < TTY_REDRAW_MS && event.phase === lastPhase) return;
        output.write(`\r\x1b[2K${formatProgressLine(event, true)}`);
      } else {
        const due =
          t - lastWrite >= interval || decile(event) > lastDecile || event.phase !== lastPhase;
        // The final event repeats the last line's figures: do not print them twice.
        const repeat =
          event.phase === 'done' &&
          printed?.done === event.done &&
          printed.disagreements === event.disagreements;
        if (!due || repeat) return;
        output.write(`${formatProgressLine(event, false)}\n`);
        lastDecile = decile(event);
      }
      lastWrite = t;
      lastPhase = event.phase;
      printed = event;
    },
    finish() {
      if (last === null) return;
      if (tty) output.write(`\r\x1b[2K${formatProgressLine(last, true)}\n`);
      else if (printed !== last) output.write(`${formatProgressLine(last, false)}\n`);
    },
  };
}
