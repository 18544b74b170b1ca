/** Shared flags, flag parsing and wiring for the commands that drive a dataplane. */
export * from './parse-flags.ts';
export * from './load-scenario-file.ts';
export * from './wiring.ts';
export * from './check-exit-code.ts';
export * from './run-flags.ts';
export * from './dataplane-options.ts';
export * from './mutants-flags.ts';
export * from './out-dir.ts';
export * from './generation-flags.ts';
export * from './jobs-flag.ts';
