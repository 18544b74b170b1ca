/**
 * Part 2 of the netns search for every built-in mutant: see
 * ./mutants-caught.dataplane.test.ts, which searches part 1 with the same options.
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { NETNS_SEARCH_PARTS, netnsSearchOptions } from './mutants-caught-lists.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

mutantsCaughtSuite(
  backendUnderTest('netns'),
  netnsSearchOptions({ index: 2, count: NETNS_SEARCH_PARTS }),
);
