/**
 * `netconform replay FILE`: runs a scenario file K times, no fast-check involved, and
 * says how many of the K attempts reproduced a confirmed disagreement.
 * Exit 1 every time (a real violation) or a written `expect` the model contradicts, 0 never,
 * 3 flaky (or inconclusive, or nothing compared), 4 driver error.
 */
import type { Command } from 'commander';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import { formatStepTable, replayScenario } from '../../repro/index.ts';
import type { ReplayOutcome, ReplayResult } from '../../repro/index.ts';
import { judgeWrittenExpects, type WrittenExpects } from '../../../spec/index.ts';
import { ExitCode } from '../../dataplane/exit-codes.ts';
import { loadScenarioFile } from '../options/load-scenario-file.ts';
import { parseIntegerFlag, parseProbeTimeoutFlag } from '../options/parse-flags.ts';
import { preflightBackend, resolveBackend, resolveDriverFactory } from '../options/wiring.ts';
import { comparedNothing, writtenExpectLines } from '../options/written-expects.ts';

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

/**
 * Like `check`: a contradicted written `expect` exits 1 unless the disagreement already
 * does, and attempts that compared nothing are no evidence that it does not reproduce.
 */
function exitCodeOf(result: ReplayResult, written: WrittenExpects): ExitCode {
  if (written.contradicted.length > 0) return ExitCode.disagreement;
  if (result.outcome === 'never' && result.attempts.every((a) => comparedNothing(a.steps)))
    return ExitCode.inconclusive;
  return EXIT[result.outcome];
}

function describe(result: ReplayResult, written: WrittenExpects, exitCode: ExitCode): string[] {
  const lines: string[] = [];
  const shown =
    result.attempts.find((a) => a.verdict === 'disagree') ?? result.attempts.at(-1) ?? null;
  if (shown !== null) lines.push(formatStepTable(shown.steps).trimEnd(), '');
  for (const [i, a] of result.attempts.entries()) {
    const extra = a.driverError?.message ?? a.setupError ?? '';
    lines.push(`attempt ${i + 1}: ${a.verdict}${extra === '' ? '' : ` (${extra})`}`);
  }
  lines.push(...writtenExpectLines(written));
  lines.push(`reproduced ${result.reproduced}/${result.repeat}: ${MEANING[result.outcome]}`);
  if (exitCode !== EXIT[result.outcome])
    lines.push(
      written.contradicted.length > 0
        ? `exit ${exitCode}: a written expect is contradicted by the model`
        : `exit ${exitCode}: inconclusive, nothing compared (no traffic step reached the dataplane)`,
    );
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
  const written = judgeWrittenExpects(scenario);
  const exitCode = exitCodeOf(result, written);
  if (flags.json === true) {
    const out = { file, exitCode, ...result, writtenExpects: written };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(describe(result, written, exitCode).join('\n') + '\n');
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
          'disagreement. Exit 1 every time (or a contradicted expect), 0 never, 3 flaky or ' +
          'nothing compared, 4 driver error.',
      )
      .argument('<file>', 'scenario JSON file (e.g. reports/repros/<id>/scenario.json)')
      .option('--repeat <k>', 'number of attempts', '1')
      .option('--json', 'print the result as JSON'),
  ).action(replay);
}
