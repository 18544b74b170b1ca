/**
 * The L2 segments of bridged plumbing: one per (site, network), with a stable network
 * UUID, a VNI, the pool's gateway address (its last usable address) and the address of
 * the pod-local DHCP/DNS server (the one below it): the allocator hands addresses out
 * from the bottom, so it never gives either to an instance. Pure.
 */
import { intToIp, parseCidr, usableRange, type ResolvedTopology } from '../../../spec/index.ts';
import { distinctUuids } from '../../../harness/dataplane/stable-id.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import type { SegmentRef } from './flavours.ts';

/** VNIs of segments start here (the Docker backend's point-to-point tunnels use 1..n). */
export const SEGMENT_VNI_BASE = 4000;
/** MTU of every segment device: room for VXLAN, and for VXLAN inside Docker's VXLAN links. */
export const SEGMENT_MTU = 1400;
/** UDP port of every VXLAN device. */
export const VXLAN_PORT = 4789;

export interface Segment extends SegmentRef {
  readonly network: string;
  readonly site: string;
  readonly kind: string;
  readonly cidr: string;
  readonly prefixLength: number;
  readonly gateway: string;
  /** The pod-local DHCP/DNS server of the segment (L2-DHCP-DNS): the address below the gateway. */
  readonly podServer: string;
}

/** Network UUIDs, distinct in their first 11 characters (neutron's `brq` names). */
export function networkIds(topology: ResolvedTopology): string[] {
  return distinctUuids(
    'network',
    topology.networks.map((n) => `${n.site}/${n.name}`),
    11,
  );
}

/** Every segment of `topology`; throws when a pool has no room for its gateway. */
export function planSegments(topology: ResolvedTopology): Segment[] {
  const ids = networkIds(topology);
  const inSite = new Map<string, number>();
  return topology.networks.map((n, index) => {
    const range = parseCidr(n.cidr);
    const usable = usableRange(range);
    if (range.prefix >= 30) {
      throw new UsageError(
        `network "${n.name}" (${n.cidr}) has no room for a gateway, a pod server and an instance: bridged plumbing needs a /29 or wider`,
      );
    }
    const gateway = intToIp(usable.last);
    const podServer = intToIp(usable.last - 1);
    for (const [address, what] of [
      [gateway, 'the gateway'],
      [podServer, 'the pod-local DHCP/DNS server'],
    ] as const) {
      const holder = topology.instances.find((i) => i.network === n.name && i.ip === address);
      if (holder !== undefined) {
        throw new UsageError(
          `instance "${holder.name}" has ${address}, ${what} of network "${n.name}" in bridged plumbing: give it another address`,
        );
      }
    }
    const k = inSite.get(n.site) ?? 0;
    inSite.set(n.site, k + 1);
    return {
      index,
      indexInSite: k,
      networkId: ids[index] as string,
      vni: SEGMENT_VNI_BASE + index,
      network: n.name,
      site: n.site,
      kind: n.kind,
      cidr: n.cidr,
      prefixLength: range.prefix,
      gateway,
      podServer,
    };
  });
}

/**
 * A fixed MAC for a bridge or segment device: kind byte (`b` host bridge, `g` gateway,
 * `d` pod-local DHCP/DNS server), then two 16-bit numbers.
 */
export function bridgeMac(kind: 'b' | 'g' | 'd', a: number, b: number): string {
  const h = (n: number) => n.toString(16).padStart(4, '0');
  const kindByte = { b: '62', g: '67', d: '64' }[kind];
  return `02:${kindByte}:${h(a).slice(0, 2)}:${h(a).slice(2)}:${h(b).slice(0, 2)}:${h(b).slice(2)}`;
}
