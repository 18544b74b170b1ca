/** One progress line, the same text on a TTY bar and in CI logs. Pure. */
import type { ProgressEvent } from './progress-event.ts';

const BAR_WIDTH = 20;

/** Scenarios per second so far (0 before the first second of data). */
export function scenariosPerSecond(event: ProgressEvent): number {
  return event.elapsedMs > 0 ? event.done / (event.elapsedMs / 1000) : 0;
}

/** `[#####---] 42/100 runs | 3.1 scenarios/s | 0 disagreements | 0 inconclusive`. */
export function formatProgressLine(event: ProgressEvent, withBar: boolean): string {
  const ratio = event.total === 0 ? 1 : event.done / event.total;
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = withBar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  const parts = [
    `${bar}${event.done}/${event.total} runs`,
    `${scenariosPerSecond(event).toFixed(1)} scenarios/s`,
    `${event.disagreements} disagreement${event.disagreements === 1 ? '' : 's'}`,
    `${event.inconclusive} inconclusive`,
  ];
  if (event.phase === 'shrinking') parts.push(`shrinking (${event.shrinkCandidates} candidates)`);
  return parts.join(' | ');
}
