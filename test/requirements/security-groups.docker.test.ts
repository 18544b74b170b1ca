/** Security-group requirements on the Docker dataplane (./security-groups.suite.ts). */
import { backendUnderTest } from '../support/backends-under-test.ts';
import { securityGroupsSuite } from './security-groups.suite.ts';

securityGroupsSuite(backendUnderTest('docker'));
