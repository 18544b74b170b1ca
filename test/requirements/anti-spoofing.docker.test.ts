/** Anti-spoofing requirements on the Docker dataplane (./anti-spoofing.suite.ts). */
import { backendUnderTest } from '../support/backends-under-test.ts';
import { antiSpoofingSuite } from './anti-spoofing.suite.ts';

antiSpoofingSuite(backendUnderTest('docker'));
