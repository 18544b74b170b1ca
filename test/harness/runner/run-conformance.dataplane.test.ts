/** Generated scenarios on the netns dataplane (./run-conformance.suite.ts). */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { runConformanceSuite } from './run-conformance.suite.ts';

// 2 jobs: scenarios in flight at once (the default probe timeout must hold then too),
// fewer than the CLI's default of 4 on 2 cores because CI shares its machine.
runConformanceSuite(backendUnderTest('netns'), { runs: 100, jobs: 2 });
