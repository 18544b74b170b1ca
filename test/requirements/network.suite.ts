/** Network requirements of the safespring profile, on the backend under test. */
import type { BackendUnderTest } from '../support/backends-under-test.ts';
import { requirementSuite } from './dataplane-suite.ts';
import { networkClaims } from './network-claims.ts';

export function networkSuite(under: BackendUnderTest): void {
  requirementSuite(under, {
    area: 'network',
    claims: networkClaims,
    mutants: [
      {
        requirement: 'NET-NAT-OUT',
        mutant: 'no-masquerade',
        stepNote: "seen from compute-1's public address",
        field: 'delivered',
      },
      {
        requirement: 'NET-NAT-OUT',
        mutant: 'masquerade-wrong-address',
        stepNote: 'nat2 runs on compute-2',
        field: 'seenFrom',
      },
      {
        requirement: 'NET-PRIVATE',
        mutant: 'private-leak',
        stepNote: 'despite egress 0.0.0.0/0',
        field: 'delivered',
      },
    ],
  });
}
