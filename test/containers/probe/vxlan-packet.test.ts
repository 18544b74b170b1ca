/** The forged/leaked VXLAN payload: header with the I flag and VNI, then a valid inner frame. */
import { describe, expect, it } from 'vitest';
import { vxlanPayload } from '../../../containers/probe/vxlan-packet.ts';

describe('vxlanPayload', () => {
  const p = vxlanPayload({
    vni: 123,
    dstMac: '02:6e:63:00:00:03',
    srcMac: '02:6e:63:ee:ee:01',
    srcIp: '203.0.113.11',
    dstIp: '100.66.0.3',
    dstPort: 8080,
    token: 'NCOVtok',
  });
  it('starts with the VXLAN header: I flag, reserved bits zero, the VNI', () => {
    expect(p.subarray(0, 8).toString('hex')).toBe('080000000000' + '7b00');
  });
  it('carries an Ethernet frame to the instance MAC with an IPv4/UDP datagram and the token', () => {
    const frame = p.subarray(8);
    expect(frame.subarray(0, 6).toString('hex')).toBe('026e63000003');
    expect(frame.readUInt16BE(12)).toBe(0x0800);
    const ip = frame.subarray(14);
    expect([...ip.subarray(16, 20)]).toEqual([100, 66, 0, 3]);
    expect(ip.readUInt16BE(20 + 2)).toBe(8080);
    // The IPv4 header checksum verifies (one's complement sum is 0xffff).
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    expect(sum).toBe(0xffff);
    expect(frame.includes(Buffer.from('NCOVtok'))).toBe(true);
  });
  it('refuses a VNI wider than 24 bits', () => {
    expect(() => vxlanPayload({ vni: 1 << 24 } as never)).toThrow(/24-bit/);
  });
});
