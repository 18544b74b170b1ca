/** Apache CloudStack, basic zone with security groups ("CloudStack Basic Networking: deeper dive", docs/architecture.md). */
import { requirements } from '../requirements/catalogue.ts';
import type { Profile } from './profile.ts';

export const cloudstack: Profile = {
  name: 'cloudstack',
  title: 'Apache CloudStack (basic zone, security groups)',
  // A basic zone has only shared, directly routed (public) pod subnets.
  networkKinds: ['public'],
  // CS-DEFAULT-GROUP: placed in default@<account>.
  noGroup: 'account-default',
  // CS-EGRESS-OPEN: egress is open until the first egress rule.
  egressWithoutEgressRules: 'allow',
  // CT-KEEP-ON-REMOVE ("CloudStack Basic Networking: deeper dive" item 1).
  onRuleRemoval: 'keep',
  // CS-NO-GROUP-CHANGE ("CloudStack Basic Networking: deeper dive" limitations item 3).
  groupChangesAfterCreate: false,
  // A basic zone bridges instances on cloudbr0 ("CloudStack Basic Networking: deeper dive").
  plumbing: { mode: 'bridged', flavour: 'cloudstack' },
  requirements: requirements.filter((r) => r.profiles.includes('cloudstack')).map((r) => r.id),
};
