/**
 * An unencrypted VXLAN packet's UDP payload (RFC 7348): the 8-byte VXLAN header with
 * the I flag and the VNI, then an Ethernet frame carrying an IPv4/UDP datagram whose
 * payload is a token. Sent as a plain UDP datagram to a VTEP's port, it is what a
 * forged (OV-NO-PLAINTEXT-IN) or leaked (OV-NO-PLAINTEXT-OUT) overlay packet looks like.
 * Pure.
 */
import { ethernet, ipv4Udp, tokenBytes } from './frames.ts';

/** What the inner frame carries. */
export interface VxlanInner {
  readonly vni: number;
  readonly dstMac: string;
  readonly srcMac: string;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly dstPort: number;
  readonly token: string;
}

/** The VXLAN header + inner frame, ready to be sent as a UDP payload. */
export function vxlanPayload(p: VxlanInner): Buffer {
  if (!Number.isInteger(p.vni) || p.vni < 0 || p.vni > 0xffffff)
    throw new RangeError(`VNI ${p.vni} is not a 24-bit number`);
  const header = Buffer.alloc(8);
  header[0] = 0x08; // I flag: the VNI is valid
  header.writeUIntBE(p.vni, 4, 3);
  const datagram = ipv4Udp({
    src: p.srcIp,
    dst: p.dstIp,
    srcPort: 40000,
    dstPort: p.dstPort,
    payload: tokenBytes(p.token),
  });
  return Buffer.concat([header, ethernet(p.dstMac, p.srcMac, 0x0800, datagram)]);
}
