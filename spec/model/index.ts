/** The pure reference model. */
export * from './types.ts';
export { initialState, step, evaluateScenario } from './step.ts';
export { withModelExpectations } from './with-model-expectations.ts';
export * from './check-expect.ts';
export { compileRule, type CompiledRule } from './compiled-rule.ts';
