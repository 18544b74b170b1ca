/**
 * Every built-in mutant is caught on the Docker dataplane (./mutants-caught.suite.ts),
 * with the netns test's seed and budget. Shrinking is the netns test's subject, so it
 * gets 2 s per mutant here: the repro only has to name the right requirement.
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

mutantsCaughtSuite(backendUnderTest('docker'), { shrinkTimeMs: 2_000, maxReproSteps: null });
