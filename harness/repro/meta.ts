/** `meta.json` of a repro bundle: where the repro came from and how to replay it. */
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import fc from 'fast-check';
import { z } from 'zod';
import { ProfileName } from '../../spec/index.ts';
import { PlumbingRecord } from '../runner/plumbing-choice.ts';
import { BlameRecord } from '../runner/step-record.ts';

export const ReproMeta = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  /** The run seed (`--seed`), the run index and the run's derived fast-check seed. */
  seed: z.number().int().nonnegative(),
  runIndex: z.number().int().nonnegative(),
  runSeed: z.number().int(),
  /** fast-check counterexample path; null when shrinking did not reproduce the failure. */
  fastCheckPath: z.string().nullable(),
  profile: ProfileName,
  /** Driver spec (an `exec:` path is absolute), backend, probe timeout and plumbing: `replay` uses them. */
  driver: z.string(),
  backend: z.string(),
  probeTimeoutMs: z.number().int().positive(),
  /** The plumbing the run built (`--plumbing`); absent in bundles written before it was recorded. */
  plumbing: PlumbingRecord.optional(),
  /** 0-based index of the disagreeing step in the shrunk scenario, if it recurred. */
  failingStep: z.number().int().nonnegative().nullable(),
  /** The requirements the disagreeing step violates, and those only involved. */
  blame: BlameRecord,
  originalSteps: z.number().int().nonnegative(),
  shrunkSteps: z.number().int().nonnegative(),
  /** True when a time limit or Ctrl-C cut shrinking short: smaller repros may exist. */
  shrinkInterrupted: z.boolean(),
  /** True when no-op steps and unused topology were removed (the result still failed). */
  pruned: z.boolean().default(false),
  replayCommand: z.string(),
  versions: z.object({
    netconform: z.string(),
    node: z.string(),
    fastCheck: z.string(),
    kernel: z.string(),
  }),
});

export type ReproMeta = z.infer<typeof ReproMeta>;

/** Versions recorded with every repro. */
export function toolVersions(): ReproMeta['versions'] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return {
    netconform: pkg.version ?? 'unknown',
    node: process.version,
    fastCheck: fc.__version,
    kernel: release(),
  };
}
