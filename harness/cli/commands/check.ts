/**
 * `netconform check FILE`: runs one scenario file on the model and the dataplane and
 * prints a step table. It does not stop at the first disagreement, so the whole table
 * is visible (later rows may be consequences of an earlier disagreement); any
 * confirmed disagreement still exits 1.
 */
import type { Command } from 'commander';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import { writtenExpectConflict } from '../../oracle/index.ts';
import { formatStepTable } from '../../repro/index.ts';
import {
  checkScenario,
  countSteps,
  type CheckResult,
  type StepRecord,
} from '../../runner/index.ts';
import { ExitCode } from '../../dataplane/exit-codes.ts';
import { exitCodeFor } from '../options/check-exit-code.ts';
import { loadScenarioFile } from '../options/load-scenario-file.ts';
import { parseProbeTimeoutFlag } from '../options/parse-flags.ts';
import { preflightBackend, resolveBackend, resolveDriverFactory } from '../options/wiring.ts';

interface CheckFlags {
  readonly backend: string;
  readonly driver: string;
  readonly probeTimeout: string;
  readonly json?: boolean;
}

/** A written `expect` that contradicts the model, per step. */
export interface ExpectConflict {
  readonly step: number;
  readonly message: string;
}

function expectConflicts(steps: readonly StepRecord[]): ExpectConflict[] {
  return steps.flatMap((r) => {
    const written = 'expect' in r.step ? r.step.expect : undefined;
    if (written === undefined) return [];
    const message = writtenExpectConflict(written, r.expectation);
    return message === null ? [] : [{ step: r.index, message }];
  });
}

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

  const result = await checkScenario(scenario, { backend, driverFactory, probeTimeoutMs });
  const conflicts = expectConflicts(result.steps);
  const exitCode =
    result.verdict === 'agree' && conflicts.length > 0
      ? ExitCode.disagreement
      : exitCodeFor(result.verdict);

  if (flags.json === true) {
    const out = {
      file,
      profile: scenario.profile,
      driver: flags.driver,
      backend: backend.name,
      exitCode,
      ...result,
      expectConflicts: conflicts,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const lines = [
      `check ${file}: profile ${scenario.profile}, driver ${flags.driver}, backend ${backend.name}`,
      '',
      formatStepTable(result.steps).trimEnd(),
      '',
      summaryLine(result),
    ];
    if (result.setupError !== null) lines.push(`inconclusive: ${result.setupError}`);
    if (result.firstDisagreement !== null && result.firstDisagreement < result.steps.length - 1) {
      lines.push(
        `note: rows after step ${result.firstDisagreement + 1} may be consequences of that disagreement`,
      );
    }
    for (const c of conflicts) lines.push(`step ${c.step + 1}: ${c.message}`);
    if (result.driverError !== null) {
      const where =
        result.driverError.step === null
          ? 'the initial state'
          : `step ${result.driverError.step + 1}`;
      lines.push(`driver error at ${where}: ${result.driverError.message}`);
    }
    lines.push(`verdict: ${result.verdict} (exit ${exitCode})`);
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
          'Exit 0 all agree, 1 confirmed disagreement, 2 bad input, 3 inconclusive only, 4 driver error.',
      )
      .argument('<file>', 'scenario JSON file')
      .option('--json', 'print the result as JSON instead of a table'),
  ).action(check);
}
