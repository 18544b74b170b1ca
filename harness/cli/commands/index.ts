/** Every CLI command, one module each. */
import type { Command } from 'commander';
import { registerImagesCommand } from './images.ts';
import { registerCheckCommand } from './check.ts';
import { registerRunCommand } from './run.ts';
import { registerReplayCommand } from './replay.ts';
import { registerCleanupCommand } from './cleanup.ts';
import { registerExplainCommand } from './explain.ts';
import { registerReportCommand } from './report.ts';
import { registerMutantsCommand } from './mutants.ts';

/** Adds every command to `program`. */
export function registerCommands(program: Command): void {
  registerExplainCommand(program);
  registerImagesCommand(program);
  registerCheckCommand(program);
  registerRunCommand(program);
  registerReplayCommand(program);
  registerCleanupCommand(program);
  registerReportCommand(program);
  registerMutantsCommand(program);
}
