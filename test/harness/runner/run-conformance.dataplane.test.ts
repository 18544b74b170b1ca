/** Generated scenarios on the netns dataplane (./run-conformance.suite.ts). */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { runConformanceSuite } from './run-conformance.suite.ts';

// 4 jobs: the CLI's default on a 2-core machine, so this also shows the default probe
// timeout holds with scenarios in flight at once.
runConformanceSuite(backendUnderTest('netns'), { runs: 100, jobs: 4 });
