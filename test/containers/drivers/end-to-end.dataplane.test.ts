/** The reference driver and the mutants' witnesses on the netns dataplane (./end-to-end.suite.ts). */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { endToEndSuite } from './end-to-end.suite.ts';

endToEndSuite(backendUnderTest('netns'));
