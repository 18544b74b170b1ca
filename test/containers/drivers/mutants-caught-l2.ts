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
 * Mutants of the `migrate` step (CS-MIGRATE): generated scenarios do not migrate yet, so
 * each is caught on examples/cloudstack-migrate.json by
 * test/requirements/cloudstack.dataplane.test.ts.
 */
export const MIGRATE_MUTANTS: readonly string[] = ['rules-left-on-old-host'];
