/** Which mutants each netns mutants-caught file searches for. */
import { mutantCatalogue } from '../../../containers/drivers/index.ts';
import type { MutantsCaughtOptions } from './mutants-caught.suite.ts';

/**
 * The L2 mutants of the cloudstack profile (bridged plumbing): searched for by
 * ./mutants-caught-l2.dataplane.test.ts, left out of the main mutants-caught files.
 */
export const L2_MUTANTS: readonly string[] = [
  'mac-spoof-allowed',
  'arp-spoof-allowed',
  'bum-forwarded',
  'rogue-dhcp-allowed',
];

/**
 * Mutants of the `migrate` step (CS-MIGRATE), left out of the generated searches for CI
 * time: generated cloudstack runs catch rules-left-on-old-host in run 12 of seed 1
 * (`netconform mutants --profile cloudstack --only rules-left-on-old-host --seed 1
 * --max-sites 1`: a 2-step repro blaming CS-MIGRATE, ~95 s on a loaded 2-core machine);
 * test/requirements/cloudstack.dataplane.test.ts catches it on
 * examples/cloudstack-migrate.json and on that 2-step repro in seconds.
 */
export const MIGRATE_MUTANTS: readonly string[] = ['rules-left-on-old-host'];

/**
 * Mutants of the pod-local DHCP/DNS server (L2-DHCP-DNS), left out of the generated
 * searches for CI time: generated cloudstack runs catch dhcp-dns-blocked in run 12 of
 * seed 1 (the migrate focus asks the server from instances whose groups admit nothing;
 * `netconform mutants --profile cloudstack --only dhcp-dns-blocked --seed 1
 * --shrink-goal 6`: a 3-step repro blaming L2-DHCP-DNS, ~43 s at load ~10 on 2 cores);
 * test/requirements/cloudstack.dataplane.test.ts catches it on a 3-step repro in seconds.
 */
export const POD_SERVER_MUTANTS: readonly string[] = ['dhcp-dns-blocked'];

/**
 * Files the netns search for every other mutant is split into (mutants-caught.dataplane.test.ts
 * is part 1, mutants-caught-2.dataplane.test.ts part 2): a part per file, so they run at once.
 */
export const NETNS_SEARCH_PARTS = 2;

/**
 * Options of part `part` of the netns search: 2 jobs (the CLI's default on 2 cores): the
 * same run catches each mutant whatever the job count, and shrinking tries the next
 * candidates on the other job's dataplane at once.
 */
export function netnsSearchOptions(part: {
  readonly index: number;
  readonly count: number;
}): MutantsCaughtOptions {
  return {
    shrinkTimeMs: 20_000,
    maxReproSteps: 6,
    exclude: netnsSearchedElsewhere(),
    jobs: 2,
    part,
  };
}

/**
 * Mutants the two parts of the netns mutants-caught search (mutants-caught.dataplane.test.ts,
 * mutants-caught-2.dataplane.test.ts) leave to other files: the L2, migrate and pod-server
 * mutants above, and the danube and neutron mutants (caught on their example files by
 * test/requirements/overlays.dataplane.test.ts and neutron.dataplane.test.ts).
 */
export function netnsSearchedElsewhere(): string[] {
  return [
    ...L2_MUTANTS,
    ...MIGRATE_MUTANTS,
    ...POD_SERVER_MUTANTS,
    ...mutantCatalogue()
      .filter((m) => m.profiles?.includes('danube') === true || m.profiles?.includes('neutron'))
      .map((m) => m.name),
  ];
}
