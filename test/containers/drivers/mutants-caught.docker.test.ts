/**
 * Built-in mutants found by generated scenarios on the Docker dataplane
 * (./mutants-caught.suite.ts), with the netns test's seed and budget. The netns test
 * searches for every mutant; here only those that no hand-written Docker requirement
 * test catches ("X can fail: mutant:Y" in test/requirements/*.docker.test.ts) plus the
 * NAT mutant, whose defect lives in the plumbing Docker builds differently. Shrinking
 * is the netns test's subject, so it gets 2 s per mutant: the repro only has to name
 * the right requirement.
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

mutantsCaughtSuite(backendUnderTest('docker'), {
  shrinkTimeMs: 2_000,
  maxReproSteps: null,
  only: [
    'ingress-on-source',
    'add-rule-ignored',
    'remove-rule-ignored',
    'attach-ignored',
    'no-masquerade',
  ],
});
