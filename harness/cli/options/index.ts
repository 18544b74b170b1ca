/** Shared flag parsing and wiring for the `check`, `run` and `replay` commands. */
export * from './parse-flags.ts';
export * from './load-scenario-file.ts';
export * from './wiring.ts';
export * from './check-exit-code.ts';
export * from './run-flags.ts';
