/** Frames of pod-local server queries (L2-DHCP-DNS), without root. */
import { describe, expect, it } from 'vitest';
import { FRAME_MARKER, frameToken } from '../../../containers/probe/frames.ts';
import { POD_DNS_NAME, podQueryFrame } from '../../../containers/probe/pod-query.ts';

const at = {
  fromMac: '06:6e:63:00:00:01',
  fromIp: '198.51.100.1',
  serverMac: '02:64:00:00:00:00',
  serverIp: '198.51.100.61',
  token: 'f7.0',
  seed: 7,
};
const ip = (b: Buffer, offset: number) => [...b.subarray(offset, offset + 4)].join('.');

describe('podQueryFrame', () => {
  it('dhcp: a broadcast discover from 0.0.0.0:68 to 255.255.255.255:67, the token bare', () => {
    const f = podQueryFrame({ ...at, service: 'dhcp' });
    expect(f.subarray(0, 6).toString('hex')).toBe('ffffffffffff');
    expect([ip(f, 26), ip(f, 30), f.readUInt16BE(34), f.readUInt16BE(36)]).toEqual([
      '0.0.0.0',
      '255.255.255.255',
      68,
      67,
    ]);
    const bootp = f.subarray(42);
    expect(bootp[0]).toBe(1);
    expect(bootp.subarray(28, 34).toString('hex')).toBe('066e63000001');
    expect(bootp.subarray(44, 48).toString('ascii')).toBe('f7.0');
    // No marker: neighbours that see the broadcast report nothing.
    expect(f.includes(FRAME_MARKER)).toBe(false);
  });

  it('dns: a query to the server for <marker><token>.POD_DNS_NAME, whose token a sniffer reads', () => {
    const f = podQueryFrame({ ...at, service: 'dns' });
    expect(f.subarray(0, 6).toString('hex')).toBe('026400000000');
    expect([ip(f, 26), ip(f, 30), f.readUInt16BE(36)]).toEqual([
      '198.51.100.1',
      '198.51.100.61',
      53,
    ]);
    expect(frameToken(f)).toBe('f7.0');
    const labels = POD_DNS_NAME.split('.');
    expect(f.includes(Buffer.from([labels[0]!.length, ...Buffer.from(labels[0]!)]))).toBe(true);
  });
});
