/** The pure reference model. */
export * from './types.ts';
export { initialState, step, evaluateScenario } from './step.ts';
export { withModelExpectations } from './with-model-expectations.ts';
export * from './check-expect.ts';
export { compileRule, type CompiledRule } from './compiled-rule.ts';
export { blameStep, explainingRequirements, relaxContext, type Blame } from './blame.ts';
export {
  explains,
  type ObservedOutcome,
  type Prediction,
  type RelaxContext,
} from './relax-context.ts';
export { relaxations, TIERS, type Relaxation, type Predict } from './relaxations.ts';
