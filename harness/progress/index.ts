/** Progress of a run: events from the runner, a TTY bar or plain CI lines. */
export * from './progress-event.ts';
export * from './format-progress.ts';
export * from './progress-display.ts';
