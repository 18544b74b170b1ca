/**
 * Generated scenarios on the Docker dataplane (./run-conformance.suite.ts). Fewer than
 * on netns: most generated shapes need fresh containers (~5 s each under CI load),
 * and the netns test covers the generator's breadth.
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { runConformanceSuite } from './run-conformance.suite.ts';

runConformanceSuite(backendUnderTest('docker'), { runs: 25 });
