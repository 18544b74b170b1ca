/** The scenario format: zod schemas, inferred types and their JSON Schema. */
export * from './scenario.ts';
export * from './json-schema.ts';
