/** Connection-tracking requirements of the safespring profile, on the backend under test. */
import type { BackendUnderTest } from '../support/backends-under-test.ts';
import { requirementSuite } from './dataplane-suite.ts';

export function conntrackSuite(under: BackendUnderTest): void {
  requirementSuite(under, {
    area: 'conntrack',
    mutants: [
      {
        requirement: 'CT-REPLY',
        mutant: 'stateless',
        stepNote: 'udp reply by tuple',
        field: 'delivered',
      },
      {
        requirement: 'CT-RELATED',
        mutant: 'related-dropped',
        stepNote: 'port unreachable back to the sender',
        field: 'delivered',
      },
      {
        requirement: 'CT-KEEP-ON-REMOVE',
        mutant: 'flush-on-change',
        stepNote: 'data still flows forward',
        field: 'delivered',
      },
    ],
  });
}
