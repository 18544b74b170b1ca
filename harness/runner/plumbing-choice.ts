/** Which plumbing a run builds: the user's choice, else the profile's default. */
import { profiles, type Plumbing, type ProfileName } from '../../spec/index.ts';

/** `override` when given, else the plumbing `profile` names in `spec/profiles`. */
export function plumbingFor(profile: ProfileName, override?: Plumbing): Plumbing {
  return override ?? profiles[profile].plumbing;
}
