/**
 * The differential runner: scenarios step by step on the model and the dataplane,
 * confirmation re-probes, shrinking, run planning and results as data.
 */
export * from './step-record.ts';
export * from './run-result.ts';
export * from './traffic-action.ts';
export * from './plan.ts';
export * from './plumbing-key.ts';
export * from './plumbing-choice.ts';
export * from './dataplane-pool.ts';
export * from './execute-scenario.ts';
export * from './run-on-pool.ts';
export * from './check-scenario.ts';
export * from './shrink.ts';
export * from './stoppable-shrink.ts';
export * from './prune-scenario.ts';
export * from './handle-disagreement.ts';
export * from './run-interleaved.ts';
export * from './run-conformance.ts';
export * from './tally.ts';
export * from './verdict.ts';
