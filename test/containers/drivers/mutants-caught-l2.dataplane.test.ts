/**
 * The L2 mutants of the cloudstack profile (./mutants-caught-lists.ts) are caught on the
 * netns dataplane, bridged with CloudStack names (the profile's plumbing), by
 * generated scenarios: every third run of a cloudstack run focuses on one L2 promise
 * (harness/arbitraries/coverage-schedule.ts), so with seed 1 they are caught in runs
 * 0, 3, 6 and 9 (22 scenarios in all); its repro is shrunk to at most 6 steps blaming its L2 requirement.
 * A short shrink budget keeps this file cheaper in CI (the repros are 1-3 steps).
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { L2_MUTANTS } from './mutants-caught-lists.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

mutantsCaughtSuite(backendUnderTest('netns'), {
  shrinkTimeMs: 5_000,
  maxReproSteps: 6,
  only: L2_MUTANTS,
  jobs: 2,
});
