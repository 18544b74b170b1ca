/**
 * `netconform explain FILE [--json]`: what the reference model expects at each step of
 * a scenario file, which requirements decided it, and every `expect` it contradicts.
 * Exit 0 when the model agrees with the file, 1 on a contradiction, 2 on bad input.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  checkExpect,
  describeStep,
  evaluateScenario,
  expectOf,
  formatIssues,
  parseStrictScenario,
  summariseWrittenExpects,
  type Expectation,
  type ExpectVerdict,
  type ResolvedScenario,
  type Step,
  type WrittenExpects,
} from '../../../spec/index.ts';
import { ExitCode, UsageError } from '../../dataplane/exit-codes.ts';
import { writtenExpectSummary } from '../options/written-expects.ts';

interface ExplainedStep {
  readonly number: number;
  readonly line: string;
  readonly step: Step;
  readonly expectation: Expectation;
  readonly verdict: ExpectVerdict;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${file}: no such file (check the path)`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function explainSteps(scenario: ResolvedScenario): ExplainedStep[] {
  return evaluateScenario(scenario).results.map(({ step, expectation }, i) => ({
    number: i + 1,
    line: describeStep(step),
    step,
    expectation,
    verdict: checkExpect(expectOf(step), expectation),
  }));
}

function outcome(e: Expectation): string {
  switch (e.kind) {
    case 'traffic':
      return e.delivered
        ? `delivered${e.seenFrom === null ? '' : `, seen from ${e.seenFrom}`}`
        : 'blocked';
    case 'config':
      return 'config';
    case 'flow':
      return 'flow closed';
    case 'noop':
      return 'no-op';
  }
}

function renderText(
  file: string,
  scenario: ResolvedScenario,
  steps: readonly ExplainedStep[],
  written: WrittenExpects,
): string {
  const out = [`${file}: profile ${scenario.profile}, ${steps.length} steps`];
  if (scenario.description !== undefined) out.push(scenario.description);
  const width = Math.min(60, Math.max(...steps.map((s) => s.line.length), 10));
  for (const s of steps) {
    if (s.step.note !== undefined) out.push('', `-- ${s.step.note}`);
    const ids = 'requirements' in s.expectation ? s.expectation.requirements.join(', ') : '';
    out.push(
      `${String(s.number).padStart(4)}  ${s.line.padEnd(width)}  ${outcome(s.expectation).padEnd(35)}  ${ids}`.trimEnd(),
    );
    out.push(`      ${s.expectation.reason}`);
    if (s.verdict.kind === 'contradicted') out.push(`      CONTRADICTED: ${s.verdict.message}`);
  }
  out.push('', `${steps.length} steps; ${writtenExpectSummary(written)}`);
  return `${out.join('\n')}\n`;
}

async function explain(file: string, flags: { json?: boolean }): Promise<void> {
  const parsed = parseStrictScenario(await readJson(file));
  if (!parsed.ok) {
    if (flags.json !== true)
      throw new UsageError(`${file} is not a valid scenario:\n${formatIssues(parsed.issues)}`);
    process.stdout.write(
      `${JSON.stringify({ file, ok: false, issues: parsed.issues }, null, 2)}\n`,
    );
    process.exitCode = ExitCode.badInput;
    return;
  }
  const steps = explainSteps(parsed.scenario);
  const written = summariseWrittenExpects(steps.map((s) => s.verdict));
  const exitCode = written.contradicted.length > 0 ? ExitCode.disagreement : ExitCode.ok;
  if (flags.json === true) {
    const summary = {
      steps: steps.length,
      checked: written.checked,
      contradicted: written.contradicted.length,
    };
    const body = {
      file,
      ok: true,
      profile: parsed.scenario.profile,
      exitCode,
      summary,
      writtenExpects: written,
      steps,
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(renderText(file, parsed.scenario, steps, written));
  }
  process.exitCode = exitCode;
}

/** Registers `explain FILE [--json]`. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "Show the reference model's expectation for every step of a scenario file and check its `expect`s.",
    )
    .argument('<file>', 'scenario JSON file')
    .option('--json', 'print a machine-readable result')
    .action(explain);
}
