/** Network requirements on the Docker dataplane (./network.suite.ts). */
import { backendUnderTest } from '../support/backends-under-test.ts';
import { networkSuite } from './network.suite.ts';

networkSuite(backendUnderTest('docker'));
