import type { L2Probe } from '../../harness/dataplane/index.ts';
import { BROADCAST_ADDRESS, MULTICAST_GROUP } from '../../spec/index.ts';

/**
 * Ethernet frames a guest can put on its NIC, built as bytes for the raw-socket helper
 * (`agent-l2.ts`). Pure. A token rides in each frame behind `FRAME_MARKER`, where the
 * receiving helper looks for it: in the UDP payload, in a DHCP offer's server-name
 * field, or in an ARP frame's padding.
 */

/** What precedes a token in a frame, so a sniffer finds it anywhere in the bytes. */
export const FRAME_MARKER = 'NCL2:';
/** A MAC no instance owns: frames to it are flooded by a learning bridge. */
export const UNKNOWN_MAC = '02:6e:63:ff:ff:01';
/** The multicast group broadcast probes use (the model's: NEUTRON-BROADCAST judges it). */
export { MULTICAST_GROUP };
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
const MIN_FRAME = 60;

/** `aa:bb:cc:dd:ee:ff` as 6 bytes; throws on anything else (a caller bug). */
export function macBytes(mac: string): Buffer {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw new Error(`not a MAC address: ${mac}`);
  return Buffer.from(mac.replaceAll(':', ''), 'hex');
}

function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

/** The multicast MAC of an IPv4 group (RFC 1112: 01:00:5e + the low 23 bits). */
export function multicastMac(group: string): string {
  const [, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
  return ['01', '00', '5e', (b & 0x7f).toString(16), c.toString(16), d.toString(16)]
    .map((x) => x.padStart(2, '0'))
    .join(':');
}

/** A locally administered MAC derived from `seed` (spoofed sources differ per probe). */
export function foreignMac(seed: number): string {
  const bytes = [0x02, 0x6e, 0x63, (seed >> 16) & 0xff, (seed >> 8) & 0xff, seed & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An Ethernet frame, padded to the 60-byte minimum. */
export function ethernet(dst: string, src: string, ethertype: number, payload: Buffer): Buffer {
  const type = Buffer.alloc(2);
  type.writeUInt16BE(ethertype);
  const frame = Buffer.concat([macBytes(dst), macBytes(src), type, payload]);
  return frame.length >= MIN_FRAME
    ? frame
    : Buffer.concat([frame, Buffer.alloc(MIN_FRAME - frame.length)]);
}

export interface UdpPacket {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Buffer;
}

/** An IPv4 packet carrying one UDP datagram (UDP checksum 0: none, allowed on IPv4). */
export function ipv4Udp(p: UdpPacket): Buffer {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(p.srcPort, 0);
  udp.writeUInt16BE(p.dstPort, 2);
  udp.writeUInt16BE(8 + p.payload.length, 4);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + 8 + p.payload.length, 2);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  ipBytes(p.src).copy(ip, 12);
  ipBytes(p.dst).copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  return Buffer.concat([ip, udp, p.payload]);
}

export interface TcpSegment {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** `ack`: ACK only; `fin`: FIN+ACK. */
  readonly flags: 'ack' | 'fin';
  readonly seq: number;
  readonly ack: number;
  readonly payload: Buffer;
}

const TCP_FIN = 0x01;
const TCP_ACK = 0x10;

/**
 * An IPv4 packet carrying one TCP segment with valid checksums (conntrack calls a
 * segment with a bad checksum INVALID whatever its flags; `nf_conntrack_checksum`).
 */
export function ipv4Tcp(p: TcpSegment): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(p.srcPort, 0);
  tcp.writeUInt16BE(p.dstPort, 2);
  tcp.writeUInt32BE(p.seq >>> 0, 4);
  tcp.writeUInt32BE(p.ack >>> 0, 8);
  tcp.writeUInt8(5 << 4, 12); // header length: 5 words
  tcp.writeUInt8(p.flags === 'fin' ? TCP_FIN | TCP_ACK : TCP_ACK, 13);
  tcp.writeUInt16BE(64240, 14); // window
  const segment = Buffer.concat([tcp, p.payload]);
  const pseudo = Buffer.alloc(12);
  ipBytes(p.src).copy(pseudo, 0);
  ipBytes(p.dst).copy(pseudo, 4);
  pseudo.writeUInt8(6, 9);
  pseudo.writeUInt16BE(segment.length, 10);
  const summed = Buffer.concat([pseudo, segment, Buffer.alloc(segment.length % 2)]);
  segment.writeUInt16BE(checksum(summed), 16);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + segment.length, 2);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip.writeUInt8(64, 8);
  ip.writeUInt8(6, 9);
  ipBytes(p.src).copy(ip, 12);
  ipBytes(p.dst).copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  return Buffer.concat([ip, segment]);
}

export interface ArpPacket {
  readonly op: 'request' | 'reply';
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
}

/** An ARP packet for IPv4 over Ethernet. */
export function arp(p: ArpPacket): Buffer {
  const head = Buffer.from([0, 1, 8, 0, 6, 4, 0, p.op === 'request' ? 1 : 2]);
  return Buffer.concat([
    head,
    macBytes(p.senderMac),
    ipBytes(p.senderIp),
    macBytes(p.targetMac),
    ipBytes(p.targetIp),
  ]);
}

/** The marker and token as bytes. */
export function tokenBytes(token: string): Buffer {
  return Buffer.from(FRAME_MARKER + token, 'ascii');
}

/** A BOOTP/DHCP offer to `clientMac` for `offered`, the token in its server-name field. */
export function dhcpOffer(clientMac: string, offered: string, server: string, token: string) {
  const bootp = Buffer.alloc(236);
  bootp.writeUInt8(2, 0); // BOOTREPLY
  bootp.writeUInt8(1, 1); // Ethernet
  bootp.writeUInt8(6, 2);
  bootp.writeUInt32BE(0x6e634c32, 4); // xid
  ipBytes(offered).copy(bootp, 16); // yiaddr
  ipBytes(server).copy(bootp, 20); // siaddr
  macBytes(clientMac).copy(bootp, 28); // chaddr
  tokenBytes(token).copy(bootp, 44); // sname
  const options = Buffer.from([0x63, 0x82, 0x53, 0x63, 53, 1, 2, 54, 4, ...ipBytes(server), 255]);
  return Buffer.concat([bootp, options]);
}

/** The token a frame carries behind `FRAME_MARKER` (what the sniffer reports), or null. */
export function frameToken(frame: Buffer): string | null {
  const at = frame.indexOf(FRAME_MARKER, 0, 'ascii');
  if (at < 0) return null;
  const m = /^[A-Za-z0-9_.-]+/.exec(frame.subarray(at + FRAME_MARKER.length).toString('latin1'));
  return m ? m[0] : null;
}

/** A frame's bytes with the token written into its padding (ARP frames). */
export function withPaddingToken(frame: Buffer, used: number, token: string): Buffer {
  const copy = Buffer.from(frame);
  tokenBytes(token).copy(copy, used);
  return copy;
}

/** What the controller knows when it builds an L2 probe's frame. */
export interface ProbeFrameInput {
  readonly fromMac: string;
  readonly fromIp: string;
  readonly toMac: string;
  readonly toIp: string;
  readonly token: string;
  /** Varies the spoofed MAC and the source port between probes. */
  readonly seed: number;
}

const IPV4 = 0x0800;
const ARP = 0x0806;

/**
 * The frame of one L2 probe. A spoofed-MAC datagram carries the bare token (the
 * receiver's UDP socket reports it); every other frame carries marker + token for the
 * receiver's sniffer.
 */
export function probeFrame(probe: L2Probe, at: ProbeFrameInput): Buffer {
  const srcPort = 40000 + (at.seed % 20000);
  const udp = (dstMac: string, srcMac: string, p: Omit<UdpPacket, 'src'>) =>
    ethernet(dstMac, srcMac, IPV4, ipv4Udp({ src: at.fromIp, ...p }));
  switch (probe.what) {
    case 'macSpoof':
      return udp(at.toMac, foreignMac(at.seed), {
        dst: at.toIp,
        srcPort,
        dstPort: probe.port,
        payload: Buffer.from(at.token, 'ascii'),
      });
    case 'arpSpoof': {
      const packet = probe.gratuitous
        ? arp({
            op: 'request',
            senderMac: at.fromMac,
            senderIp: probe.claimed,
            targetMac: '00:00:00:00:00:00',
            targetIp: probe.claimed,
          })
        : arp({
            op: 'reply',
            senderMac: at.fromMac,
            senderIp: probe.claimed,
            targetMac: at.toMac,
            targetIp: at.toIp,
          });
      const dst = probe.gratuitous ? BROADCAST_MAC : at.toMac;
      return withPaddingToken(ethernet(dst, at.fromMac, ARP, packet), 14 + 28, at.token);
    }
    case 'broadcast':
      return udp(probe.multicast ? multicastMac(MULTICAST_GROUP) : BROADCAST_MAC, at.fromMac, {
        dst: probe.multicast ? MULTICAST_GROUP : BROADCAST_ADDRESS,
        srcPort,
        dstPort: probe.port,
        payload: tokenBytes(at.token),
      });
    case 'rogueDhcp':
      // Unicast, as servers answer clients that did not ask for broadcast replies: a
      // broadcast offer would be stopped by the BUM drop alone.
      return udp(at.toMac, at.fromMac, {
        dst: at.toIp,
        srcPort: 67,
        dstPort: 68,
        payload: dhcpOffer(at.toMac, at.toIp, at.fromIp, at.token),
      });
    case 'snoop':
      return udp(UNKNOWN_MAC, at.fromMac, {
        dst: at.toIp,
        srcPort,
        dstPort: probe.port,
        payload: tokenBytes(at.token),
      });
    case 'stray':
      // Source ports above Linux's ephemeral range (32768-60999): no agent's own
      // connection shares the tuple, and each probe gets a fresh one.
      return ethernet(
        at.toMac,
        at.fromMac,
        IPV4,
        ipv4Tcp({
          src: at.fromIp,
          dst: at.toIp,
          srcPort: 61000 + (at.seed % 4000),
          dstPort: probe.port,
          flags: probe.segment,
          seq: 0x6e630000 + at.seed,
          ack: 0x4c320000 + at.seed,
          payload: tokenBytes(at.token),
        }),
      );
  }
}
