/**
 * What a run should exercise: every requirement of the profile, each in every
 * situation and with every network kind at each end it distinguishes; every configuration step effect the profile allows;
 * traffic just inside and just outside every field a rule matches on. The generator's
 * schedule (`coverage-schedule.ts`) steers toward these; run results list the unmet ones.
 */
import { profiles, type ProfileName } from '../../spec/index.ts';
import { PROFILE_NETWORK_KINDS } from './address-plan.ts';
import { MATCH_EDGES } from './match-edges.ts';
import { SITUATIONS, type Situation } from './situation.ts';
import { STEP_EFFECTS } from './step-effects.ts';

const ALL = SITUATIONS;
const INTERNAL: readonly Situation[] = ['same-host', 'other-host'];
const OUTSIDE: readonly Situation[] = ['other-site', 'internet'];

/**
 * The situations each requirement distinguishes: where the model can name it. Rules,
 * conntrack and anti-spoofing hold everywhere; structure only where the site's
 * boundary is crossed (or not).
 */
export const REQUIREMENT_SITUATIONS: Readonly<Record<string, readonly Situation[]>> = {
  'SG-NONE': ALL,
  'SG-BOTH-ENDS': INTERNAL,
  'SG-MATCH': ALL,
  // An external is never a member: a remote-group rule refuses it.
  'SG-REMOTE-GROUP': ALL,
  'CT-REPLY': ALL,
  'CT-ESTABLISHED': ALL,
  'CT-NO-REVERSE': ALL,
  'CT-KEEP-ON-REMOVE': ALL,
  'NET-PUBLIC': OUTSIDE,
  'NET-NAT-OUT': OUTSIDE,
  'NET-NAT-IN': OUTSIDE,
  'NET-INTERNAL-NO-NAT': INTERNAL,
  'NET-PRIVATE': OUTSIDE,
  'NET-ONE-DOMAIN': INTERNAL,
  'NET-SITES': ['other-site'],
  'NET-EXTERNAL': ['internet'],
  'NET-ANTISPOOF': ALL,
};

/** Every network kind at both ends. */
const ANY_KIND = ['from:public', 'from:nat', 'from:private', 'to:public', 'to:nat', 'to:private'];

/**
 * The ends each requirement distinguishes by network kind (`end:<ID>:from|to:<kind>`
 * features): rules, conntrack, anti-spoofing and the site's one domain hold whatever
 * kind each end is on; the structural ones concern their own kind. Only for profiles
 * with several network kinds.
 */
export const REQUIREMENT_ENDS: Readonly<Record<string, readonly string[]>> = {
  'SG-NONE': ANY_KIND,
  'SG-BOTH-ENDS': ANY_KIND,
  'SG-MATCH': ANY_KIND,
  'SG-REMOTE-GROUP': ANY_KIND,
  'CT-REPLY': ANY_KIND,
  'CT-ESTABLISHED': ANY_KIND,
  'CT-NO-REVERSE': ANY_KIND,
  'CT-KEEP-ON-REMOVE': ANY_KIND,
  'NET-ANTISPOOF': ANY_KIND,
  'NET-INTERNAL-NO-NAT': ANY_KIND,
  'NET-ONE-DOMAIN': ANY_KIND,
  'NET-PUBLIC': ['from:public', 'to:public', 'from:external', 'to:external'],
  'NET-NAT-OUT': ['from:nat'],
  'NET-NAT-IN': ['to:nat'],
  'NET-PRIVATE': ['from:private', 'to:private'],
  'NET-EXTERNAL': ['from:external', 'to:external'],
};

/** The step effects a profile can show (cloudstack cannot change memberships). */
function stepEffectsOf(profile: ProfileName): readonly string[] {
  return profiles[profile].groupChangesAfterCreate
    ? STEP_EFFECTS
    : STEP_EFFECTS.filter((f) => f.startsWith('step:addRule') || f.startsWith('step:removeRule'));
}

/**
 * Every coverage target of `profile`: its requirement IDs, `situation:<ID>:<where>`
 * and `end:<ID>:<side>:<kind>` features, step effects and match edges. `maxSites` 1 leaves out other-site targets.
 */
export function coverageTargets(profile: ProfileName, maxSites: number): string[] {
  const ids = profiles[profile].requirements;
  const situations = ids.flatMap((id) =>
    (REQUIREMENT_SITUATIONS[id] ?? [])
      .filter((s) => maxSites > 1 || s !== 'other-site')
      .map((s) => `situation:${id}:${s}`),
  );
  const reachable = maxSites > 1 ? ids : ids.filter((id) => id !== 'NET-SITES');
  const ends =
    PROFILE_NETWORK_KINDS[profile].length < 2
      ? []
      : ids.flatMap((id) => (REQUIREMENT_ENDS[id] ?? []).map((end) => `end:${id}:${end}`));
  return [...reachable, ...situations, ...ends, ...stepEffectsOf(profile), ...MATCH_EDGES];
}
