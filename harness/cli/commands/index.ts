/** Every CLI command, one module each. */
import type { Command } from 'commander';

/** Adds every command to `program`. */
export function registerCommands(program: Command): void {
  void program;
}
