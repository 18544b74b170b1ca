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
