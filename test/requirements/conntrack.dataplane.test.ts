/** Connection-tracking requirements of the safespring profile on the real netns dataplane. */
import { requirementSuite } from './dataplane-suite.ts';

requirementSuite({
  area: 'conntrack',
  mutants: [
    {
      requirement: 'CT-REPLY',
      mutant: 'stateless',
      stepNote: 'udp reply by tuple',
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
