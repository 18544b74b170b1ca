/** The Safespring walkthrough on the netns dataplane (./check-walkthrough.suite.ts). */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { checkWalkthroughSuite } from './check-walkthrough.suite.ts';

checkWalkthroughSuite(backendUnderTest('netns'));
