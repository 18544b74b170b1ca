/** Connection-tracking requirements on the Docker dataplane (./conntrack.suite.ts). */
import { backendUnderTest } from '../support/backends-under-test.ts';
import { conntrackSuite } from './conntrack.suite.ts';

conntrackSuite(backendUnderTest('docker'));
