/**
 * The reference model: scenario schema, profiles, requirement catalogue and the pure
 * `step` function. Imports nothing but zod and ipaddr.js.
 */
export * from './schema/scenario.ts';
export * from './schema/json-schema.ts';
export * from './model/types.ts';
export * from './model/index.ts';
export * from './requirements/index.ts';
export * from './profiles/index.ts';
export * from './validate/index.ts';
export * from './describe/index.ts';
export * from './address/index.ts';
