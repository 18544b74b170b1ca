/** The Docker dataplane backend (docs/backends.md). */
export * from './labels.ts';
export * from './docker-plan.ts';
export * from './subnets.ts';
export * from './engine.ts';
export * from './create-networks.ts';
export * from './start-container.ts';
export * from './build.ts';
export * from './remove-run.ts';
export * from './docker-dataplane.ts';
export * from './preflight.ts';
export * from './docker-backend.ts';
export * from './cleanup.ts';
export * from './shape.ts';
export * from './container-state.ts';
export * from './container-set.ts';
export * from './container-stock.ts';
