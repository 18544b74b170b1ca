/** Which plumbing a run builds: the user's choice, else the profile's default. */
import { z } from 'zod';
import { profiles, type Plumbing, type ProfileName } from '../../spec/index.ts';

/** A plumbing as recorded in `run-result.json` and a repro's `meta.json`. */
export const PlumbingRecord = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('routed') }),
  z.object({
    mode: z.literal('bridged'),
    flavour: z.enum(['generic', 'neutron', 'cloudstack']),
  }),
  z.object({ mode: z.literal('overlay') }),
]) satisfies z.ZodType<Plumbing>;

/** The `--plumbing` value of `plumbing` (`routed`, `bridged:FLAVOUR`, `overlay`). */
export function plumbingFlagValue(plumbing: Plumbing): string {
  return plumbing.mode === 'bridged' ? `bridged:${plumbing.flavour}` : plumbing.mode;
}

/**
 * The `--plumbing` value to replay a run of `profile` built with `plumbing`, or
 * undefined when that is the profile's default (no flag needed).
 */
export function plumbingFlagFor(profile: ProfileName, plumbing: Plumbing): string | undefined {
  const value = plumbingFlagValue(plumbing);
  return value === plumbingFlagValue(profiles[profile].plumbing) ? undefined : value;
}

/** `override` when given, else the plumbing `profile` names in `spec/profiles`. */
export function plumbingFor(profile: ProfileName, override?: Plumbing): Plumbing {
  return override ?? profiles[profile].plumbing;
}
