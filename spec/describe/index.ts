/** Readable one-line descriptions of rules and steps. */
export * from './describe.ts';
