/**
 * The reference model: scenario schema, profiles, requirement catalogue and the pure
 * `step` function. Imports nothing but zod and ipaddr.js.
 */
export * from './schema/scenario.ts';
export * from './model/types.ts';
