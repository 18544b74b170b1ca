/** Running external commands, bounded in time and output, in their own process groups. */
export * from './run-command.ts';
export { killGroup, killLiveCommands, trackGroup } from './live-groups.ts';
export { OutputCollector } from './output-collector.ts';
export * from './shell-quote.ts';
export { PYTHON, stopLauncher } from './launcher.ts';
export { SPAWN_ENV, starterKind, type StarterKind } from './process-starter.ts';
