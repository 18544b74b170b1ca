/**
 * `netconform` command line. Each command lives in `commands/` and registers itself;
 * this file only wires them and turns thrown `UsageError`s into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { toolVersions } from '../repro/index.ts';
import { ExitCode, UsageError } from '../dataplane/exit-codes.ts';
import { starterKind, stopLauncher } from '../process/index.ts';
import { agentKind } from '../../containers/probe/agent-kind.ts';

const program = new Command('netconform')
  .description(
    'Conformance harness for cloud network semantics: reference model vs real dataplane.',
  )
  .version(toolVersions().netconform)
  .showHelpAfterError()
  .exitOverride()
  // Environment choices are checked before any command does work.
  .hook('preAction', () => {
    starterKind();
    agentKind();
  });

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  } else if (error instanceof UsageError) {
    process.stderr.write(`netconform: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(
      `netconform: internal error: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 70;
  }
}
// Reaped before exit, so that the run's CPU is counted to this process.
await stopLauncher();
