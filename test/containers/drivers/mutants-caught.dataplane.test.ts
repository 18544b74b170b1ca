/**
 * Every built-in mutant is caught on the netns dataplane (./mutants-caught.suite.ts),
 * shrunk to a repro of at most 6 steps (the shrink goal; full shrinks take up to 3 min each, so each
 * mutant gets 20 s of shrinking). The search is split in two parts that run at once:
 * this file searches part 1, ./mutants-caught-2.dataplane.test.ts part 2 (same seed,
 * budget and options; every mutant lands in one part). The L2 mutants of the cloudstack
 * profile have their own file with a shorter shrink budget
 * (./mutants-caught-l2.dataplane.test.ts). The
 * danube overlay mutants are caught on examples/danube-overlays.json by
 * test/requirements/overlays.dataplane.test.ts; generated runs find each within five
 * runs (`netconform mutants --profile danube`, docs/backends.md), measured outside CI
 * because every apply there starts tunnel daemons.
 * The neutron mutants are caught on examples/neutron-basics.json by
 * test/requirements/neutron.dataplane.test.ts; their generated catch and repro size are
 * measured by `netconform mutants --profile neutron` (docs/findings.md), not in CI.
 */
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { NETNS_SEARCH_PARTS, netnsSearchOptions } from './mutants-caught-lists.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

mutantsCaughtSuite(
  backendUnderTest('netns'),
  netnsSearchOptions({ index: 1, count: NETNS_SEARCH_PARTS }),
);
