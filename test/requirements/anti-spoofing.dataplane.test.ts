/** Anti-spoofing requirements of the safespring profile on the real netns dataplane. */
import { requirementSuite } from './dataplane-suite.ts';

requirementSuite({
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
