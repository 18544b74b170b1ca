/** Anti-spoofing requirements of the safespring profile, on the backend under test. */
import type { BackendUnderTest } from '../support/backends-under-test.ts';
import { requirementSuite } from './dataplane-suite.ts';

export function antiSpoofingSuite(under: BackendUnderTest): void {
  requirementSuite(under, {
    area: 'anti-spoofing',
    mutants: [
      {
        requirement: 'NET-ANTISPOOF',
        mutant: 'no-antispoof',
        stepNote: "another instance's address",
        field: 'delivered',
      },
    ],
  });
}
