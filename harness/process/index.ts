/** Running external commands. */
export * from './run-command.ts';
