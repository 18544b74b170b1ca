/**
 * Every built-in mutant is caught on the netns dataplane (./mutants-caught.suite.ts),
 * shrunk to a repro of at most 6 steps (full shrinks take up to 3 min each, so each
 * mutant gets 20 s of shrinking). The L2 mutants of the cloudstack profile have their
 * own file with a shorter shrink budget (./mutants-caught-l2.dataplane.test.ts).
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { L2_MUTANTS } from './mutants-caught-l2.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

// 2 jobs (fewer than the CLI's default of 4 on 2 cores: CI shares its machine): the
// same run catches each mutant whatever the job count, and shrinking tries the next
// candidates on the other job's dataplane at once.
mutantsCaughtSuite(backendUnderTest('netns'), {
  shrinkTimeMs: 20_000,
  maxReproSteps: 6,
  exclude: L2_MUTANTS,
  jobs: 2,
});
