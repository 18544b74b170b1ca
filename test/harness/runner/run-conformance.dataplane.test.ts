/** Generated scenarios on the netns dataplane (./run-conformance.suite.ts). */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { runConformanceSuite } from './run-conformance.suite.ts';

runConformanceSuite(backendUnderTest('netns'), { runs: 100 });
