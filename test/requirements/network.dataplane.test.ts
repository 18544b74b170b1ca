/** Network requirements on the netns dataplane (./network.suite.ts). */
import { backendUnderTest } from '../support/backends-under-test.ts';
import { networkSuite } from './network.suite.ts';

networkSuite(backendUnderTest('netns'));
