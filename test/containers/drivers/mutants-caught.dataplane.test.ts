/**
 * Every built-in mutant is caught on the netns dataplane (./mutants-caught.suite.ts),
 * shrunk to a repro of at most 6 steps (the shrink goal; full shrinks take up to 3 min each, so each
 * mutant gets 20 s of shrinking). The L2 mutants of the cloudstack profile have their
 * own file with a shorter shrink budget (./mutants-caught-l2.dataplane.test.ts). The
 * danube overlay mutants are caught on examples/danube-overlays.json by
 * test/requirements/overlays.dataplane.test.ts; generated runs find each within five
 * runs (`netconform mutants --profile danube`, docs/backends.md), measured outside CI
 * because every apply there starts tunnel daemons.
 * The neutron mutants are caught on examples/neutron-basics.json by
 * test/requirements/neutron.dataplane.test.ts; their generated catch and repro size are
 * measured by `netconform mutants --profile neutron` (docs/findings.md), not in CI.
 */
import { mutantCatalogue } from '../../../containers/drivers/index.ts';
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { L2_MUTANTS, MIGRATE_MUTANTS, POD_SERVER_MUTANTS } from './mutants-caught-l2.ts';
import { mutantsCaughtSuite } from './mutants-caught.suite.ts';

// 2 jobs (the CLI's default on 2 cores): the
// same run catches each mutant whatever the job count, and shrinking tries the next
// candidates on the other job's dataplane at once.
mutantsCaughtSuite(backendUnderTest('netns'), {
  shrinkTimeMs: 20_000,
  maxReproSteps: 6,
  exclude: [
    ...L2_MUTANTS,
    ...MIGRATE_MUTANTS,
    ...POD_SERVER_MUTANTS,
    ...mutantCatalogue()
      .filter((m) => m.profiles?.includes('danube') === true || m.profiles?.includes('neutron'))
      .map((m) => m.name),
  ],
  jobs: 2,
});
