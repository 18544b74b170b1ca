/**
 * `netconform replay FILE`: runs a scenario file K times, no fast-check involved, and
 * says how many of the K attempts reproduced a confirmed disagreement.
 * Exit 1 every time (a real violation), 0 never, 3 flaky (or inconclusive), 4 driver error.
 */
import type { Command } from 'commander';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import { formatStepTable, replayScenario } from '../../repro/index.ts';
import type { ReplayOutcome, ReplayResult } from '../../repro/index.ts';
import { ExitCode } from '../../dataplane/exit-codes.ts';
import { loadScenarioFile } from '../options/load-scenario-file.ts';
import { parseIntegerFlag, parseProbeTimeoutFlag } from '../options/parse-flags.ts';
import { preflightBackend, resolveBackend, resolveDriverFactory } from '../options/wiring.ts';

interface ReplayFlags {
  readonly repeat: string;
  readonly driver: string;
  readonly backend: string;
  readonly probeTimeout: string;
  readonly json?: boolean;
}

const EXIT: Record<ReplayOutcome, ExitCode> = {
  reproduced: ExitCode.disagreement,
  never: ExitCode.ok,
  flaky: ExitCode.inconclusive,
  inconclusive: ExitCode.inconclusive,
  'driver-error': ExitCode.driverError,
};

const MEANING: Record<ReplayOutcome, string> = {
  reproduced: 'a real violation',
  never: 'does not reproduce',
  flaky: 'flaky dataplane: the disagreement comes and goes',
  inconclusive: 'no disagreement, but some probes were inconclusive',
  'driver-error': 'the driver failed',
};

function describe(result: ReplayResult): string[] {
  const lines: string[] = [];
  const shown =
    result.attempts.find((a) => a.verdict === 'disagree') ?? result.attempts.at(-1) ?? null;
  if (shown !== null) lines.push(formatStepTable(shown.steps).trimEnd(), '');
  for (const [i, a] of result.attempts.entries()) {
    const extra = a.driverError?.message ?? a.setupError ?? '';
    lines.push(`attempt ${i + 1}: ${a.verdict}${extra === '' ? '' : ` (${extra})`}`);
  }
  lines.push(`reproduced ${result.reproduced}/${result.repeat}: ${MEANING[result.outcome]}`);
  return lines;
}

async function replay(file: string, flags: ReplayFlags): Promise<void> {
  const repeat = parseIntegerFlag('--repeat', flags.repeat, { min: 1, max: 1000 });
  const probeTimeoutMs = parseProbeTimeoutFlag(flags.probeTimeout);
  const backend = resolveBackend(flags.backend);
  const driverFactory = resolveDriverFactory(flags.driver);
  const scenario = await loadScenarioFile(file);
  await preflightBackend(backend);

  const result = await replayScenario(scenario, {
    backend,
    driverFactory,
    probeTimeoutMs,
    repeat,
  });
  const exitCode = EXIT[result.outcome];
  if (flags.json === true) {
    process.stdout.write(JSON.stringify({ file, exitCode, ...result }, null, 2) + '\n');
  } else {
    process.stdout.write(describe(result).join('\n') + '\n');
  }
  process.exitCode = exitCode;
}

/** Registers `replay`. */
export function registerReplayCommand(program: Command): void {
  withDataplaneOptions(
    program
      .command('replay')
      .description(
        'Run a scenario file (e.g. a repro) K times and count the attempts that reproduce a ' +
          'disagreement. Exit 1 every time, 0 never, 3 flaky, 4 driver error.',
      )
      .argument('<file>', 'scenario JSON file (e.g. reports/repros/<id>/scenario.json)')
      .option('--repeat <k>', 'number of attempts', '1')
      .option('--json', 'print the result as JSON'),
  ).action(replay);
}
