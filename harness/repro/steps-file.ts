/**
 * `steps.json` of a repro bundle: the step records of the shrunk scenario's final
 * execution, as data, so reports render the structured table (and highlight the
 * disagreeing row) instead of re-reading `steps.txt`.
 */
import { z } from 'zod';
import { StepRecord } from '../runner/step-record.ts';

/** The file's schema; `version` changes when a field changes meaning. */
export const ReproSteps = z.object({
  version: z.literal(1),
  steps: z.array(StepRecord),
});

export type ReproSteps = z.infer<typeof ReproSteps>;

/** The file's text for `records` (validated, so a bundle never holds a file reports reject). */
export function reproStepsJson(records: readonly StepRecord[]): string {
  return JSON.stringify(ReproSteps.parse({ version: 1, steps: records }), null, 2) + '\n';
}

/** Parses the file's text; a garbled or outdated file is a message naming the field. */
export function parseReproSteps(
  text: string,
):
  | { readonly ok: true; readonly steps: StepRecord[] }
  | { readonly ok: false; readonly message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  const parsed = ReproSteps.safeParse(raw);
  if (parsed.success) return { ok: true, steps: parsed.data.steps };
  const first = parsed.error.issues[0];
  return {
    ok: false,
    message: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
  };
}
