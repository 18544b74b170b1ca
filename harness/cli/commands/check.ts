/**
 * `netconform check FILE`: runs one scenario file on the model and the dataplane and
 * prints a step table. It does not stop at the first disagreement, so the whole table
 * is visible (later rows may be consequences of an earlier disagreement); any
 * confirmed disagreement or contradicted written `expect` still exits 1, and a file
 * whose traffic compared nothing exits 3.
 */
import type { Command } from 'commander';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import { judgeWrittenExpects, type WrittenExpects } from '../../../spec/index.ts';
import { describeBlame, formatStepTable } from '../../repro/index.ts';
import {
  checkScenario,
  countSteps,
  type CheckResult,
  type ScenarioVerdict,
  plumbingFor,
} from '../../runner/index.ts';
import { ExitCode } from '../../dataplane/exit-codes.ts';
import { exitCodeFor } from '../options/check-exit-code.ts';
import { loadScenarioFile } from '../options/load-scenario-file.ts';
import {
  describePlumbing,
  parsePlumbingFlag,
  parseProbeTimeoutFlag,
} from '../options/parse-flags.ts';
import { preflightBackend, resolveBackend, resolveDriverFactory } from '../options/wiring.ts';
import { comparedNothing, writtenExpectLines } from '../options/written-expects.ts';

interface CheckFlags {
  readonly backend: string;
  readonly plumbing?: string;
  readonly driver: string;
  readonly probeTimeout: string;
  readonly json?: boolean;
}

/** The verdict `check` prints: always the one its exit code stands for. */
export type CheckVerdict = ScenarioVerdict | 'expect-contradicted' | 'nothing-compared';

/**
 * A confirmed disagreement or a contradicted written `expect` (both exit 1) wins; then
 * the dataplane's verdict; an agreement that compared nothing is inconclusive (exit 3).
 */
export function checkVerdict(
  result: CheckResult,
  written: WrittenExpects,
): { readonly verdict: CheckVerdict; readonly exitCode: ExitCode } {
  if (result.verdict !== 'disagree' && written.contradicted.length > 0)
    return { verdict: 'expect-contradicted', exitCode: ExitCode.disagreement };
  if (result.verdict === 'agree' && comparedNothing(result.steps))
    return { verdict: 'nothing-compared', exitCode: ExitCode.inconclusive };
  return { verdict: result.verdict, exitCode: exitCodeFor(result.verdict) };
}

const VERDICT_TEXT: Record<CheckVerdict, string> = {
  agree: 'agree',
  disagree: 'disagree',
  inconclusive: 'inconclusive',
  'driver-error': 'driver error',
  'expect-contradicted': 'a written expect is contradicted by the model',
  'nothing-compared': 'inconclusive: nothing compared (no traffic step reached the dataplane)',
};

function summaryLine(result: CheckResult): string {
  const t = countSteps(result.steps);
  return (
    `${t.steps} steps, ${t.trafficSteps} compared: ${t.agree} agree, ${t.disagree} disagree, ` +
    `${t.inconclusive} inconclusive (${t.unconfirmed} unconfirmed) in ` +
    `${(result.durationMs / 1000).toFixed(1)} s`
  );
}

async function check(file: string, flags: CheckFlags): Promise<void> {
  const probeTimeoutMs = parseProbeTimeoutFlag(flags.probeTimeout);
  const backend = resolveBackend(flags.backend);
  const driverFactory = resolveDriverFactory(flags.driver);
  const scenario = await loadScenarioFile(file);
  await preflightBackend(backend);

  const plumbing = plumbingFor(
    scenario.profile,
    parsePlumbingFlag(flags.plumbing, scenario.profile),
  );
  const result = await checkScenario(scenario, {
    backend,
    driverFactory,
    probeTimeoutMs,
    plumbing,
  });
  const written = judgeWrittenExpects(scenario);
  const { verdict, exitCode } = checkVerdict(result, written);

  if (flags.json === true) {
    const out = {
      file,
      profile: scenario.profile,
      driver: flags.driver,
      backend: backend.name,
      ...result,
      dataplaneVerdict: result.verdict,
      verdict,
      exitCode,
      writtenExpects: written,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const lines = [
      `check ${file}: profile ${scenario.profile}, driver ${flags.driver}, backend ${backend.name}, plumbing ${describePlumbing(plumbing)}`,
      '',
      formatStepTable(result.steps).trimEnd(),
      '',
      summaryLine(result),
    ];
    if (result.setupError !== null) lines.push(`inconclusive: ${result.setupError}`);
    const first = result.firstDisagreement === null ? null : result.steps[result.firstDisagreement];
    if (first?.blame) lines.push(`step ${first.index + 1} ${describeBlame(first.blame)}`);
    if (result.firstDisagreement !== null && result.firstDisagreement < result.steps.length - 1) {
      lines.push(
        `note: rows after step ${result.firstDisagreement + 1} may be consequences of that disagreement`,
      );
    }
    lines.push(...writtenExpectLines(written));
    if (result.driverError !== null) {
      const where =
        result.driverError.step === null
          ? 'the initial state'
          : `step ${result.driverError.step + 1}`;
      lines.push(`driver error at ${where}: ${result.driverError.message}`);
    }
    lines.push(`verdict: ${VERDICT_TEXT[verdict]} (exit ${exitCode})`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  process.exitCode = exitCode;
}

/** Registers `check`. */
export function registerCheckCommand(program: Command): void {
  withDataplaneOptions(
    program
      .command('check')
      .description(
        'Run one scenario file on the model and a real dataplane and print every step. ' +
          'Exit 0 all agree, 1 confirmed disagreement or contradicted expect, 2 bad input, ' +
          '3 inconclusive (or nothing compared), 4 driver error.',
      )
      .argument('<file>', 'scenario JSON file')
      .option('--json', 'print the result as JSON instead of a table'),
  ).action(check);
}
