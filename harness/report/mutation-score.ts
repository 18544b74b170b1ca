/**
 * The mutation-score file the `mutants` command writes, as the report reads it. Lenient
 * about optional figures so older or partial files still render.
 */
import { z } from 'zod';
import type { MutationScoreView } from './report-data.ts';

const nullableNumber = z.number().nullable().optional();

export const MutantOutcomeFile = z.object({
  name: z.string(),
  caught: z.boolean(),
  runsUntilCaught: nullableNumber,
  timeToCatchMs: nullableNumber,
  timeToShrinkMs: nullableNumber,
  reproSteps: nullableNumber,
  requirements: z.array(z.string()).default([]),
  violated: z.array(z.string()).default([]),
});

export const MutationScoreFile = z.object({
  profile: z.string().nullable().optional(),
  backend: z.string().nullable().optional(),
  seed: z.number().nullable().optional(),
  mutants: z.array(MutantOutcomeFile),
});

export type MutationScoreFile = z.infer<typeof MutationScoreFile>;

/** The report's view of a parsed mutation-score file. */
export function mutationScoreView(file: MutationScoreFile): MutationScoreView {
  return {
    profile: file.profile ?? null,
    backend: file.backend ?? null,
    seed: file.seed ?? null,
    mutants: file.mutants.map((m) => ({
      name: m.name,
      caught: m.caught,
      runsUntilCaught: m.runsUntilCaught ?? null,
      timeToCatchMs: m.timeToCatchMs ?? null,
      timeToShrinkMs: m.timeToShrinkMs ?? null,
      reproSteps: m.reproSteps ?? null,
      requirements: m.requirements,
      violated: m.violated,
    })),
  };
}
