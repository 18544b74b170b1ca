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

/**
 * Mutants of the pod-local DHCP/DNS server (L2-DHCP-DNS), left out of the generated
 * searches for CI time: generated cloudstack runs catch dhcp-dns-blocked in run 12 of
 * seed 1 (the migrate focus asks the server from instances whose groups admit nothing;
 * `netconform mutants --profile cloudstack --only dhcp-dns-blocked --seed 1
 * --shrink-goal 6`: a 3-step repro blaming L2-DHCP-DNS, ~43 s at load ~10 on 2 cores);
 * test/requirements/cloudstack.dataplane.test.ts catches it on a 3-step repro in seconds.
 */
export const POD_SERVER_MUTANTS: readonly string[] = ['dhcp-dns-blocked'];
