/**
 * `netconform` command line. Each command lives in `commands/` and registers itself;
 * this file only wires them and turns thrown `UsageError`s into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { toolVersions } from '../repro/index.ts';
import { ExitCode, UsageError } from '../dataplane/exit-codes.ts';

const program = new Command('netconform')
  .description(
    'Conformance harness for cloud network semantics: reference model vs real dataplane.',
  )
  .version(toolVersions().netconform)
  .showHelpAfterError()
  .exitOverride();

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
