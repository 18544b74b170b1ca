/** Seed 004's DHCP split pools, as data, checked against the seed's own rules. */
import { describe, expect, it } from 'vitest';
import {
  KNOX_EPOUTA_SUBNET as subnet,
  cidrContains,
  ipToInt,
  parseCidr,
  splitPoolOf,
} from '../../../spec/index.ts';

describe('seed 004 split pools', () => {
  it("the third octet's leading bit says which cloud's DHCP server hands an address out", () => {
    for (const ip of ['10.101.0.4', '10.101.127.255', '10.101.128.1', '10.101.200.7']) {
      const third = Number(ip.split('.')[2]);
      expect(splitPoolOf(subnet, ip)?.cloud, ip).toBe(third >= 128 ? 'Knox' : 'ePouta');
    }
  });

  it('the pools are disjoint, inside the subnet, and leave the router and Knox DHCP out', () => {
    const range = parseCidr(subnet.cidr);
    for (const p of subnet.pools) {
      expect(cidrContains(range, ipToInt(p.start))).toBe(true);
      expect(cidrContains(range, ipToInt(p.end))).toBe(true);
    }
    const [a, b] = subnet.pools;
    expect(ipToInt(a!.end)).toBeLessThan(ipToInt(b!.start));
    expect(splitPoolOf(subnet, subnet.gateway)).toBeNull();
    expect(splitPoolOf(subnet, '10.101.128.0')).toBeNull();
    // ePouta's DHCP port takes an address from its own pool, as neutron's do.
    expect(splitPoolOf(subnet, '10.101.0.3')?.cloud).toBe('ePouta');
  });
});
