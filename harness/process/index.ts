/** Running external commands, bounded in time and output, in their own process groups. */
export * from './run-command.ts';
export { killLiveCommands } from './live-groups.ts';
export * from './shell-quote.ts';
