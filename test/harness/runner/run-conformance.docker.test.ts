/**
 * Generated scenarios on the Docker dataplane (./run-conformance.suite.ts). Far fewer
 * than on netns: most generated shapes need fresh containers (~7 s each in CI), the
 * netns test covers the generator's breadth, and the Docker requirement tests cover
 * each requirement on this backend.
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { runConformanceSuite } from './run-conformance.suite.ts';

runConformanceSuite(backendUnderTest('docker'), { runs: 12 });
