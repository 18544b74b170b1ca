/**
 * The L2 mutants of the cloudstack profile (bridged plumbing): searched for by
 * ./mutants-caught-l2.dataplane.test.ts, left out of the main mutants-caught file.
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
