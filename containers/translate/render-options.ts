/**
 * The renderer's explicit mutation points. The reference renderer is one value of
 * this record (`referenceRenderOptions`); every mutant driver is the same renderer
 * with one field changed, so mutants never copy rendering code.
 */
import type { NetworkKind } from '../../spec/index.ts';
import type { L2Options } from './render-l2.ts';

/** Where NATed traffic gets its new source address. */
export type SnatTarget =
  /** The compute host's public address (NET-NAT-OUT). */
  | { readonly kind: 'host-public-ip' }
  /** No source NAT at all. */
  | { readonly kind: 'none' }
  /** A fixed address, whatever the host. */
  | { readonly kind: 'fixed'; readonly address: string };

/** Every decision the nftables renderer makes that a driver may change. */
export interface RenderOptions {
  /** `ct state established,related accept` before policy (CT-REPLY). */
  readonly acceptEstablished: boolean;
  /** Whether that accept includes `related` (CT-RELATED: ICMP errors about a flow). */
  readonly acceptRelated: boolean;
  /**
   * Packets conntrack calls INVALID: `drop` before policy (`ct state invalid drop`, as
   * Calico does); `rules`, judged by the port chains like new flows (neutron's INVALID
   * DROP comes after the rules' RETURNs, and its fallback drops the rest anyway,
   * NEUTRON-INVALID); `accept` before policy.
   */
  readonly invalid: 'drop' | 'rules' | 'accept';
  /** From an instance, the source address must be the port's address (NET-ANTISPOOF). */
  readonly antiSpoof: boolean;
  /** Secondary addresses of a port count as its own (L2-SECONDARY-IP). */
  readonly secondaryIps: boolean;
  /** A stray unconditional `return` at the top of each egress chain (the neutron chain dump in "Knox setup for the Epouta connection"). */
  readonly strayEgressReturn: boolean;
  /** Egress of a port none of whose groups has an egress rule (profile parameter). */
  readonly egressWithoutEgressRules: 'deny' | 'allow';
  /** Kinds SNATed when leaving the site's pools (NET-NAT-OUT). */
  readonly natKinds: readonly NetworkKind[];
  /** Kinds that may only talk to their own site's pools (NET-PRIVATE). */
  readonly siteOnlyKinds: readonly NetworkKind[];
  readonly snat: SnatTarget;
  /** Upper bound of a rule's port range (SG-MATCH says inclusive). */
  readonly portRangeUpper: 'inclusive' | 'exclusive';
  /**
   * Accept DHCP server replies (udp 67 -> 68) to every port before policy, as
   * CloudStack's KVM script does so its DHCP server gets through (L2-NO-ROGUE-DHCP then
   * rests on the bridge table alone).
   */
  readonly acceptDhcpReplies: boolean;
  /**
   * Bridged hosts: DHCP replies from the segment's pod-local server reach every port,
   * and DNS (udp and tcp 53) from a port's own addresses to that server leaves it,
   * whatever the groups (L2-DHCP-DNS, as CloudStack's KVM script does).
   */
  readonly podServerAccess: boolean;
  /**
   * DHCP client traffic leaves every port (udp 68 -> 67) and DHCP answers (udp 67 -> 68)
   * reach it, from any server, whatever the groups (NEUTRON-DHCP-CLIENT: neutron's fixed
   * egress RETURNs and the ingress rule its server adds to every port).
   */
  readonly dhcpClient: boolean;
  /** Accept every ICMP packet before policy. */
  readonly acceptAllIcmp: boolean;
  /** `true` puts ingress rules on the source's chain and egress rules on the destination's. */
  readonly swapDirections: boolean;
  /** Which of a port's groups contribute rules (SG-MATCH says all: the union). */
  readonly groups: 'all' | 'first';
  /** `strict`: a tcp rule matches tcp only; `ports-only`: it matches tcp and udp alike. */
  readonly protocolMatch: 'strict' | 'ports-only';
  /** The L2 checks at each port of a bridged host (the bridge table, `render-l2.ts`). */
  readonly l2: L2Options;
  /**
   * After each apply, delete the conntrack entries of flows the rules no longer admit as
   * new (CT-FLUSH-ON-REMOVE, profiles with `onRuleRemoval: 'flush'`; `flow-cut.ts`).
   */
  readonly cutUnadmitted: boolean;
  /**
   * Which entries that cut deletes: `unadmitted`, those of flows the rules no longer
   * admit (`flow-cut.ts`); `neutron`, the entries neutron's ip_conntrack deletes for the
   * change since the previous apply, also of flows still admitted (NEUTRON-CT-DELETE,
   * `neutron-ct-scope.ts`).
   */
  readonly cutScope: 'unadmitted' | 'neutron';
}

/** The profile parameters the renderer reads. */
export interface RendererProfileParams {
  readonly egressWithoutEgressRules: 'deny' | 'allow';
  /** The L2 promises the profile makes (all off for a profile that makes none). */
  readonly l2: L2Options;
  /** Established flows when the rule or group that admitted them goes away. */
  readonly onRuleRemoval: 'keep' | 'flush';
  /** Which entries a removal deletes (the profile's `ctDeleteScope`). */
  readonly ctDeleteScope: 'unadmitted' | 'neutron';
  /** Whether DHCP and DNS with the pod-local server pass whatever the groups (L2-DHCP-DNS). */
  readonly podServerAccess: boolean;
  /**
   * Who NATs nat pools: `host`, the compute host (NET-NAT-OUT); `router`, the site's
   * virtual router, which the dataplane builds (NEUTRON-ROUTER-SNAT): hosts NAT nothing.
   */
  readonly natSource: 'host' | 'router';
  /** Where INVALID packets are dropped: before the rules, or after them (NEUTRON-INVALID). */
  readonly invalid: 'drop' | 'rules';
  /** Whether DHCP client traffic and its answers pass whatever the groups (NEUTRON-DHCP-CLIENT). */
  readonly dhcpClient: boolean;
}

/** The correct renderer for a profile. */
export function referenceRenderOptions(params: RendererProfileParams): RenderOptions {
  return {
    acceptEstablished: true,
    acceptRelated: true,
    invalid: params.invalid,
    antiSpoof: true,
    secondaryIps: true,
    strayEgressReturn: false,
    egressWithoutEgressRules: params.egressWithoutEgressRules,
    // NEUTRON-ROUTER-SNAT: behind a virtual router the compute host NATs nothing.
    natKinds: params.natSource === 'router' ? [] : ['nat'],
    siteOnlyKinds: ['private'],
    snat: { kind: 'host-public-ip' },
    portRangeUpper: 'inclusive',
    acceptDhcpReplies: false,
    podServerAccess: params.podServerAccess,
    dhcpClient: params.dhcpClient,
    acceptAllIcmp: false,
    swapDirections: false,
    groups: 'all',
    protocolMatch: 'strict',
    l2: params.l2,
    cutUnadmitted: params.onRuleRemoval === 'flush',
    cutScope: params.ctDeleteScope,
  };
}
