/** Scenario validation and resolution: `parseScenario` is the entry point. */
export * from './issue.ts';
export * from './parse-scenario.ts';
export * from './to-scenario-input.ts';
export { allocateAddresses, type Allocation, type AllocationResult } from './allocate.ts';
export { strictStepIssues } from './check-step-names.ts';
export { closestName, didYouMean, editDistance } from './did-you-mean.ts';
export { SCENARIO_LIMITS } from './check-limits.ts';
