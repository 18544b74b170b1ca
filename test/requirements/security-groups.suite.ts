/** Security-group requirements of the safespring profile, on the backend under test. */
import type { BackendUnderTest } from '../support/backends-under-test.ts';
import { requirementSuite } from './dataplane-suite.ts';

export function securityGroupsSuite(under: BackendUnderTest): void {
  requirementSuite(under, {
    area: 'security-groups',
    mutants: [
      {
        requirement: 'SG-NONE',
        mutant: 'detach-ignored',
        stepNote: 'in no group again',
        field: 'delivered',
      },
      {
        requirement: 'SG-NONE',
        mutant: 'icmp-always',
        stepNote: 'pub has no egress',
        field: 'delivered',
      },
      {
        requirement: 'SG-BOTH-ENDS',
        mutant: 'egress-return',
        stepNote: 'the source has no egress allow',
        field: 'delivered',
      },
      {
        requirement: 'SG-MATCH',
        mutant: 'port-range-off-by-one',
        stepNote: 'upper bound',
        field: 'delivered',
      },
      {
        requirement: 'SG-MATCH',
        mutant: 'protocol-ignored',
        stepNote: 'wrong protocol',
        field: 'delivered',
      },
      {
        requirement: 'SG-MATCH',
        mutant: 'first-group-only',
        stepNote: 'second group (union',
        field: 'delivered',
      },
      {
        requirement: 'SG-REMOTE-GROUP',
        mutant: 'stale-remote-group',
        stepNote: "now matches nat's address",
        field: 'delivered',
      },
    ],
  });
}
