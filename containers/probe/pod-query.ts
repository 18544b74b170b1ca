/**
 * Frames of a query to the pod-local DHCP/DNS server (L2-DHCP-DNS), sent from the
 * instance's raw-socket helper. Pure. The answer carries the probe's token behind
 * `FRAME_MARKER`, so the instance's own sniffer reports it:
 *
 * - DHCP: a broadcast DISCOVER from 0.0.0.0:68 with the bare token in its server-name
 *   field; the server (`containers/backends/netns/pod-server.py`) offers the lease of
 *   the client's MAC and writes marker + token into the offer's server-name field. The
 *   discover itself carries no marker, so neighbours that see the broadcast report nothing.
 * - DNS: a UDP A query from the instance's address for `<marker+token>.POD_DNS_NAME`,
 *   to the server's MAC and address; the answer repeats the question.
 */
import { BROADCAST_MAC, ethernet, ipv4Udp, macBytes, tokenBytes } from './frames.ts';

/** The fixed name the pod-local server answers for (and every name below it). */
export const POD_DNS_NAME = 'pod.netconform.internal';
const IPV4 = 0x0800;
const COOKIE = [0x63, 0x82, 0x53, 0x63];

/** What the controller knows when it builds a pod query. */
export interface PodQueryInput {
  readonly service: 'dhcp' | 'dns';
  readonly fromMac: string;
  readonly fromIp: string;
  readonly serverMac: string;
  readonly serverIp: string;
  readonly token: string;
  /** Varies the DNS source port and the DHCP transaction ID between probes. */
  readonly seed: number;
}

/** A BOOTP/DHCP DISCOVER from `clientMac`, the bare token in its server-name field. */
export function dhcpDiscover(clientMac: string, token: string, xid: number): Buffer {
  const bootp = Buffer.alloc(236);
  bootp.writeUInt8(1, 0); // BOOTREQUEST
  bootp.writeUInt8(1, 1); // Ethernet
  bootp.writeUInt8(6, 2);
  bootp.writeUInt32BE(xid >>> 0, 4);
  macBytes(clientMac).copy(bootp, 28); // chaddr
  Buffer.from(token, 'ascii').copy(bootp, 44, 0, 63); // sname
  // Option 53 = 1 (DISCOVER), option 61 client identifier (type 1 + MAC).
  const options = Buffer.from([...COOKIE, 53, 1, 1, 61, 7, 1, ...macBytes(clientMac), 255]);
  return Buffer.concat([bootp, options]);
}

/** A DNS A/IN query (recursion desired) for `name`, whose labels may hold any bytes but dots. */
export function dnsQuery(labels: readonly Buffer[], id: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const qname = Buffer.concat([
    ...labels.flatMap((l) => [Buffer.from([l.length]), l]),
    Buffer.from([0]),
  ]);
  return Buffer.concat([header, qname, Buffer.from([0, 1, 0, 1])]);
}

/** The frame of one pod query (see the module comment). */
export function podQueryFrame(q: PodQueryInput): Buffer {
  if (q.service === 'dhcp') {
    return ethernet(
      BROADCAST_MAC,
      q.fromMac,
      IPV4,
      ipv4Udp({
        src: '0.0.0.0',
        dst: '255.255.255.255',
        srcPort: 68,
        dstPort: 67,
        payload: dhcpDiscover(q.fromMac, q.token, 0x6e630000 + (q.seed & 0xffff)),
      }),
    );
  }
  const labels = [tokenBytes(q.token), ...POD_DNS_NAME.split('.').map((l) => Buffer.from(l))];
  return ethernet(
    q.serverMac,
    q.fromMac,
    IPV4,
    ipv4Udp({
      src: q.fromIp,
      dst: q.serverIp,
      srcPort: 40000 + (q.seed % 20000),
      dstPort: 53,
      payload: dnsQuery(labels, q.seed),
    }),
  );
}
