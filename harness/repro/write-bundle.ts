/**
 * Writes a repro bundle: the shrunk scenario (with the model's expectations filled in,
 * so it replays standalone), the step table, each host's ruleset and conntrack table at
 * the failure, `meta.json` and the replay command.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toScenarioInput, withModelExpectations, type ResolvedScenario } from '../../spec/index.ts';
import type { HostSnapshot } from '../dataplane/index.ts';
import { plumbingFlagFor } from '../runner/plumbing-choice.ts';
import type { StepRecord } from '../runner/step-record.ts';
import type { z } from 'zod';
import { describeBlame } from './describe-step.ts';
import { ReproMeta, toolVersions } from './meta.ts';
import { absoluteDriverSpec, replayCommand, replayScript } from './replay-command.ts';
import { reproStepsJson } from './steps-file.ts';
import { formatStepTable } from './steps-table.ts';

export interface BundleInput {
  /** The run's output directory; the bundle goes to `<outDir>/repros/<id>/`. */
  readonly outDir: string;
  readonly id: string;
  readonly scenario: ResolvedScenario;
  /** Step records of the shrunk scenario's final execution. */
  readonly steps: readonly StepRecord[];
  readonly snapshot: readonly HostSnapshot[] | null;
  /** `pruned` may be left out (false). */
  readonly meta: Omit<
    z.input<typeof ReproMeta>,
    'version' | 'id' | 'createdAt' | 'replayCommand' | 'versions' | 'shrunkSteps'
  >;
}

export interface Bundle {
  readonly dir: string;
  readonly scenarioPath: string;
  readonly replayCommand: string;
}

const safeName = (name: string): string => name.replace(/[^A-Za-z0-9_.@-]/g, '_');

/** Writes the bundle and returns where it is and how to replay it. */
export async function writeReproBundle(input: BundleInput): Promise<Bundle> {
  const dir = join(resolve(input.outDir), 'repros', safeName(input.id));
  const scenarioPath = join(dir, 'scenario.json');
  const plumbing =
    input.meta.plumbing === undefined
      ? undefined
      : plumbingFlagFor(input.meta.profile, input.meta.plumbing);
  const replay = {
    driver: absoluteDriverSpec(input.meta.driver),
    backend: input.meta.backend,
    ...(plumbing === undefined ? {} : { plumbing }),
    probeTimeoutMs: input.meta.probeTimeoutMs,
  };
  const command = replayCommand({ scenarioPath, ...replay });
  const meta = ReproMeta.parse({
    version: 1,
    id: input.id,
    createdAt: new Date().toISOString(),
    ...input.meta,
    driver: replay.driver,
    shrunkSteps: input.scenario.steps.length,
    replayCommand: command,
    versions: toolVersions(),
  });
  const scenario = {
    ...toScenarioInput(withModelExpectations(input.scenario)),
    description:
      `Repro ${input.id}: profile ${meta.profile}, driver ${meta.driver}, seed ${meta.seed}, ` +
      `run ${meta.runIndex}. Replay: ${command}`,
  };

  await mkdir(join(dir, 'hosts'), { recursive: true });
  const header =
    `Repro ${input.id} (driver ${meta.driver}, backend ${meta.backend}, profile ${meta.profile})\n` +
    `${describeBlame(meta.blame)}\nReplay: ${command}\n\n`;
  const snapshotNote =
    input.snapshot === null
      ? 'No host snapshot: the failure did not recur on the final run.\n'
      : '';
  await Promise.all([
    writeFile(scenarioPath, JSON.stringify(scenario, null, 2) + '\n'),
    writeFile(join(dir, 'steps.txt'), header + formatStepTable(input.steps) + snapshotNote),
    writeFile(join(dir, 'steps.json'), reproStepsJson(input.steps)),
    writeFile(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n'),
    writeFile(join(dir, 'replay.sh'), replayScript(replay), { mode: 0o755 }),
    ...(input.snapshot ?? []).flatMap((h) => [
      writeFile(join(dir, 'hosts', `${safeName(h.host)}.nft.txt`), h.ruleset),
      writeFile(join(dir, 'hosts', `${safeName(h.host)}.conntrack.txt`), h.conntrack),
    ]),
  ]);
  return { dir, scenarioPath, replayCommand: command };
}
