/** The deliberately broken drivers that measure the harness's bug-finding power. */
export * from './mutant.ts';
export * from './stale-state.ts';
export * from './catalogue.ts';
