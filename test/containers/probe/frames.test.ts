/** The raw frames of the L2 probes (pure). */
import { describe, expect, it } from 'vitest';
import {
  FRAME_MARKER,
  frameToken,
  multicastMac,
  probeFrame,
  UNKNOWN_MAC,
} from '../../../containers/probe/frames.ts';

const at = {
  fromMac: '02:00:00:00:00:0a',
  fromIp: '198.51.100.1',
  toMac: '02:00:00:00:00:0b',
  toIp: '198.51.100.2',
  token: 'f7.0',
  seed: 7,
};
const mac = (frame: Buffer, offset: number) => frame.subarray(offset, offset + 6).toString('hex');

/** The one's complement sum of `bytes` (0xffff over a header with a right checksum). */
function onesSum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

describe('probe frames', () => {
  it('craft a TCP segment of no connection: FIN+ACK or a bare ACK, right checksums, the token in its payload', () => {
    for (const [segment, flags] of [
      ['fin', 0x11],
      ['ack', 0x10],
    ] as const) {
      const f = probeFrame({ what: 'stray', segment, port: 5432 }, at);
      expect(mac(f, 0)).toBe('02000000000b');
      expect(mac(f, 6)).toBe('02000000000a');
      const ip = f.subarray(14, 34);
      expect(ip.readUInt8(9)).toBe(6);
      expect(onesSum(ip)).toBe(0xffff);
      const tcp = f.subarray(34, 14 + ip.readUInt16BE(2));
      // Above Linux's ephemeral range, so no agent connection shares the tuple.
      expect(tcp.readUInt16BE(0)).toBeGreaterThanOrEqual(61000);
      expect(tcp.readUInt16BE(2)).toBe(5432);
      expect(tcp.readUInt8(13)).toBe(flags);
      const pseudo = Buffer.concat([ip.subarray(12, 20), Buffer.from([0, 6, 0, tcp.length])]);
      const padded = Buffer.concat([pseudo, tcp, Buffer.alloc(tcp.length % 2)]);
      expect(onesSum(padded)).toBe(0xffff);
      expect(frameToken(f)).toBe('f7.0');
    }
  });

  it('spoof the source MAC and carry the bare token to the receiver', () => {
    const f = probeFrame({ what: 'macSpoof', port: 53 }, at);
    expect(mac(f, 0)).toBe('02000000000b');
    expect(mac(f, 6)).not.toBe('02000000000a');
    expect(f.readUInt16BE(12)).toBe(0x0800);
    expect(
      f
        .subarray(14 + 28)
        .toString('ascii')
        .replace(/\0+$/, ''),
    ).toBe('f7.0');
    // IPv4 header checksum: the one's complement sum over the header is 0xffff.
    let sum = 0;
    for (let i = 14; i < 34; i += 2) sum += f.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
  });

  it('claim an address in ARP with the token in the padding', () => {
    const reply = probeFrame({ what: 'arpSpoof', claimed: '198.51.100.9', gratuitous: false }, at);
    expect(reply.length).toBe(60);
    expect(reply.readUInt16BE(12)).toBe(0x0806);
    expect(reply.readUInt16BE(14 + 6)).toBe(2);
    expect([...reply.subarray(14 + 14, 14 + 18)]).toEqual([198, 51, 100, 9]);
    expect(frameToken(reply)).toBe('f7.0');
    const garp = probeFrame({ what: 'arpSpoof', claimed: '198.51.100.9', gratuitous: true }, at);
    expect(mac(garp, 0)).toBe('ffffffffffff');
  });

  it('broadcast, multicast, offer DHCP and flood unicast with a findable token', () => {
    const b = probeFrame({ what: 'broadcast', port: 53, multicast: false }, at);
    const m = probeFrame({ what: 'broadcast', port: 53, multicast: true }, at);
    const d = probeFrame({ what: 'rogueDhcp' }, at);
    const s = probeFrame({ what: 'snoop', port: 53 }, at);
    expect(mac(b, 0)).toBe('ffffffffffff');
    expect(mac(m, 0)).toBe(multicastMac('239.255.42.42').replaceAll(':', ''));
    expect(multicastMac('239.255.42.42')).toBe('01:00:5e:7f:2a:2a');
    expect([d.readUInt16BE(34), d.readUInt16BE(36)]).toEqual([67, 68]);
    expect(mac(d, 0)).toBe('02000000000b');
    expect(mac(s, 0)).toBe(UNKNOWN_MAC.replaceAll(':', ''));
    for (const f of [b, m, d, s]) expect(frameToken(f)).toBe('f7.0');
    expect(frameToken(Buffer.from(`x${FRAME_MARKER}`))).toBeNull();
  });
});
