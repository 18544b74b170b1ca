/** Safespring: OpenStack with the Calico core plugin ("The Safespring network model explained", docs/architecture.md). */
import { requirements } from '../requirements/catalogue.ts';
import type { Profile } from './profile.ts';

export const safespring: Profile = {
  name: 'safespring',
  title: 'Safespring (OpenStack + Calico)',
  networkKinds: ['public', 'nat', 'private'],
  // SG-NONE: the walkthrough starts with no group and nothing talks.
  noGroup: 'isolated',
  egressWithoutEgressRules: 'deny',
  // Calico keeps conntrack entries when policy changes (CT-KEEP-ON-REMOVE).
  onRuleRemoval: 'keep',
  groupChangesAfterCreate: true,
  // Calico routes every instance as a /32 (seed 000).
  plumbing: { mode: 'routed' },
  requirements: requirements.filter((r) => r.profiles.includes('safespring')).map((r) => r.id),
};
