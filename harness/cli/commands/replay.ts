/**
 * `netconform replay FILE`: runs a scenario file K times, no fast-check involved, and
 * says how many of the K attempts reproduced a confirmed disagreement.
 * Exit 1 every time (a real violation) or a written `expect` the model contradicts, 0 never,
 * 3 flaky (or inconclusive, or nothing compared), 4 driver error.
 *
 * A repro bundle's `scenario.json` replays with the driver, backend, probe timeout and
 * plumbing its `meta.json` records. A flag given explicitly wins (replaying a repro against a
 * fixed driver is the regression check), with a notice naming what it overrides.
 */
import type { Command } from 'commander';
import { withDataplaneOptions } from '../options/dataplane-options.ts';
import {
  absoluteDriverSpec,
  formatStepTable,
  readBundleMeta,
  replayScenario,
  type ReproMeta,
} from '../../repro/index.ts';
import type { ReplayOutcome, ReplayResult } from '../../repro/index.ts';
import { judgeWrittenExpects, type Plumbing, type WrittenExpects } from '../../../spec/index.ts';
import { plumbingFlagValue, plumbingFor } from '../../runner/index.ts';
import { ExitCode, UsageError } from '../../dataplane/exit-codes.ts';
import { loadScenarioFile } from '../options/load-scenario-file.ts';
import {
  parseIntegerFlag,
  parsePlumbingFlag,
  parseProbeTimeoutFlag,
} from '../options/parse-flags.ts';
import { preflightBackend, resolveBackend, resolveDriverFactory } from '../options/wiring.ts';
import { comparedNothing, writtenExpectLines } from '../options/written-expects.ts';

interface ReplayFlags {
  readonly repeat: string;
  readonly driver: string;
  readonly backend: string;
  readonly plumbing?: string;
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

interface ReplaySettings {
  readonly driver: string;
  readonly backend: string;
  readonly probeTimeoutMs: number;
  /** Undefined: the profile's default. */
  readonly plumbing: Plumbing | undefined;
  /** What the user is told about where the settings came from (stderr). */
  readonly notices: readonly string[];
}

/** Flags, or the bundle's recorded settings for the flags not given explicitly. */
function replaySettings(
  flags: ReplayFlags,
  explicit: (key: 'driver' | 'backend' | 'probeTimeout') => boolean,
  recorded: { readonly path: string; readonly meta: ReproMeta } | null,
  givenPlumbing: Plumbing | undefined,
): ReplaySettings {
  const fromFlags = {
    driver: flags.driver,
    backend: flags.backend,
    probeTimeoutMs: parseProbeTimeoutFlag(flags.probeTimeout),
  };
  if (recorded === null) return { ...fromFlags, plumbing: givenPlumbing, notices: [] };
  const { meta, path } = recorded;
  const notices: string[] = [];
  const pick = <T>(
    key: 'driver' | 'backend' | 'probeTimeout',
    given: T,
    saved: T,
    same: boolean,
  ): T => {
    if (!explicit(key)) return saved;
    if (!same) {
      const flag = key === 'probeTimeout' ? '--probe-timeout' : `--${key}`;
      notices.push(`${flag} ${String(given)} overrides the repro's ${String(saved)} (${path})`);
    }
    return given;
  };
  const driver = pick(
    'driver',
    fromFlags.driver,
    meta.driver,
    absoluteDriverSpec(fromFlags.driver) === meta.driver,
  );
  const backend = pick(
    'backend',
    fromFlags.backend,
    meta.backend,
    fromFlags.backend === meta.backend,
  );
  const probeTimeoutMs = pick(
    'probeTimeout',
    fromFlags.probeTimeoutMs,
    meta.probeTimeoutMs,
    fromFlags.probeTimeoutMs === meta.probeTimeoutMs,
  );
  // Bundles written before the plumbing was recorded replay with the profile's default.
  const saved = meta.plumbing ?? plumbingFor(meta.profile);
  const plumbing = givenPlumbing ?? saved;
  if (givenPlumbing !== undefined && plumbingFlagValue(givenPlumbing) !== plumbingFlagValue(saved))
    notices.push(
      `--plumbing ${plumbingFlagValue(givenPlumbing)} overrides the repro's ${plumbingFlagValue(saved)} (${path})`,
    );
  notices.unshift(
    `replaying repro ${meta.id} with driver ${driver}, backend ${backend}, probe timeout ` +
      `${probeTimeoutMs} ms, plumbing ${plumbingFlagValue(plumbing)} ` +
      `(recorded in ${path}; explicit flags override)`,
  );
  return { driver, backend, probeTimeoutMs, plumbing, notices };
}

async function replay(file: string, flags: ReplayFlags, command: Command): Promise<void> {
  const repeat = parseIntegerFlag('--repeat', flags.repeat, { min: 1, max: 1000 });
  const read = await readBundleMeta(file);
  if (read.kind === 'invalid') {
    throw new UsageError(
      `${read.path} (beside ${file}) is not a repro's meta.json: ${read.message}. ` +
        'Fix or remove it, or replay a copy of the scenario file outside the bundle.',
    );
  }
  const scenario = await loadScenarioFile(file);
  const settings = replaySettings(
    flags,
    (key) => command.getOptionValueSource(key) === 'cli',
    read.kind === 'found' ? read : null,
    parsePlumbingFlag(flags.plumbing, scenario.profile),
  );
  const { probeTimeoutMs } = settings;
  const backend = resolveBackend(settings.backend);
  const driverFactory = resolveDriverFactory(settings.driver);
  await preflightBackend(backend);
  for (const notice of settings.notices) process.stderr.write(`netconform: ${notice}\n`);

  const result = await replayScenario(scenario, {
    backend,
    driverFactory,
    probeTimeoutMs,
    ...(settings.plumbing === undefined ? {} : { plumbing: settings.plumbing }),
    repeat,
  });
  const written = judgeWrittenExpects(scenario);
  const exitCode = exitCodeOf(result, written);
  if (flags.json === true) {
    const { driver } = settings;
    const plumbing = plumbingFlagValue(settings.plumbing ?? plumbingFor(scenario.profile));
    const used = { driver, backend: backend.name, probeTimeoutMs, plumbing };
    const out = { file, exitCode, ...used, ...result, writtenExpects: written };
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
      .argument(
        '<file>',
        "scenario JSON file; a repro's reports/repros/<id>/scenario.json replays with the driver, " +
          'backend and probe timeout of its meta.json unless given explicitly',
      )
      .option('--repeat <k>', 'number of attempts', '1')
      .option('--json', 'print the result as JSON'),
  ).action(replay);
}
