/** Lifecycle and safety: cleanup registry, signal handling, leftovers of crashed runs. */
export * from './registry.ts';
export * from './run-claims.ts';
export * from './remove-namespaces.ts';
export * from './cleanup.ts';
export * from './runtime-dir.ts';
export * from './run-dir.ts';
export * from './root-namespace.ts';
export * from './root-baseline.ts';
export * from './root-changes.ts';
export * from './root-check.ts';
