/** The pure reference model. */
export * from './types.ts';
export { initialState, step, evaluateScenario } from './step.ts';
export { withModelExpectations } from './with-model-expectations.ts';
export * from './check-expect.ts';
export { compileRule, type CompiledRule } from './compiled-rule.ts';
export {
  blameCandidates,
  blameStep,
  explainingRequirements,
  relaxContext,
  type Blame,
  type Evidence,
} from './blame.ts';
export { followUp, type FollowUp } from './follow-up.ts';
export {
  explains,
  type ObservedOutcome,
  type Prediction,
  type RelaxContext,
} from './relax-context.ts';
export { relaxations, TIERS, type Relaxation, type Predict } from './relaxations.ts';
export { BROADCAST_ADDRESS, MULTICAST_GROUP } from './l2-step.ts';
