/**
 * Mutation testing of the harness: run each mutant driver, score how many are caught
 * and how fast, format the table and the `mutation-result.json` schema.
 */
export * from './mutation-result.ts';
export * from './score.ts';
export * from './mutant-outcome.ts';
export * from './select-mutants.ts';
export * from './run-mutants.ts';
export * from './format-table.ts';
