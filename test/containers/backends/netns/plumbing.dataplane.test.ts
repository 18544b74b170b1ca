/** Plumbing of the netns dataplane (the shared suite: ../plumbing.suite.ts). */
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { plumbingSuite } from '../plumbing.suite.ts';

plumbingSuite(backendUnderTest('netns'));
