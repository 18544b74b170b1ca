import { describe, expect, it } from 'vitest';
import {
  normalizeCidr,
  referenceRenderOptions,
  rendererParamsFor,
  renderRuleMatch,
} from '../../../containers/translate/index.ts';
import type { DriverRule } from '../../../harness/dataplane/index.ts';

const reference = referenceRenderOptions(rendererParamsFor('safespring'));
const tcp = (from: number, to: number, cidr = '0.0.0.0/0'): DriverRule => ({
  direction: 'ingress',
  protocol: 'tcp',
  ports: { from, to },
  remote: { cidr },
});

describe('renderRuleMatch', () => {
  it('matches tcp/udp port ranges inclusively, single ports as one value', () => {
    expect(renderRuleMatch(tcp(1000, 2000), 'saddr', reference)).toBe(
      'meta l4proto tcp th dport 1000-2000',
    );
    expect(renderRuleMatch(tcp(22, 22), 'saddr', reference)).toBe('meta l4proto tcp th dport 22');
  });

  it('matches the remote on the given side, icmp and any without ports', () => {
    const icmp: DriverRule = {
      direction: 'egress',
      protocol: 'icmp',
      ports: null,
      remote: { cidr: '203.0.113.7/32' },
    };
    expect(renderRuleMatch(icmp, 'daddr', reference)).toBe(
      'meta l4proto icmp ip daddr 203.0.113.7',
    );
    const any: DriverRule = { ...icmp, protocol: 'any', remote: { group: 'g', members: [] } };
    expect(renderRuleMatch(any, 'saddr', reference)).toBe('ip saddr @rg_g');
    const allUdp: DriverRule = { ...icmp, protocol: 'udp' };
    expect(renderRuleMatch(allUdp, 'daddr', reference)).toBe(
      'meta l4proto udp ip daddr 203.0.113.7',
    );
  });

  it('clears host bits of remote CIDRs', () => {
    expect(normalizeCidr('203.0.113.5/24')).toBe('203.0.113.0/24');
    expect(normalizeCidr('10.1.2.3/32')).toBe('10.1.2.3');
    expect(normalizeCidr('0.0.0.0/0')).toBeNull();
  });

  it('leaves out a rule whose exclusive range is empty', () => {
    const exclusive = { ...reference, portRangeUpper: 'exclusive' as const };
    expect(renderRuleMatch(tcp(80, 80), 'saddr', exclusive)).toBeUndefined();
    expect(renderRuleMatch(tcp(80, 81), 'saddr', exclusive)).toBe('meta l4proto tcp th dport 80');
  });
});
