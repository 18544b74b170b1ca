/** Generated scenarios on the Docker dataplane (./run-conformance.suite.ts). */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { runConformanceSuite } from './run-conformance.suite.ts';

runConformanceSuite(backendUnderTest('docker'), { runs: 100, timeLimitMs: 250_000 });
