/**
 * The L2 half of a bridged host's policy: one `table bridge` that keeps the L2
 * promises of a CloudStack basic zone at each instance port (L2-MAC-SPOOF,
 * L2-ARP-SPOOF, L2-BUM-DROP, L2-NO-ROGUE-DHCP, L2-NO-SNOOP). Frames from an instance
 * are checked in `prerouting` (before the bridge learns their source MAC), frames to
 * it in `forward` (once per port a flooded frame goes to). Pure; the L3 policy (rules,
 * conntrack) stays in the inet table.
 */
import { nftIdentifier, nftString } from './nft-names.ts';

/** The only bridge-family table the built-in drivers create. */
export const NFT_L2_TABLE = 'netconform_l2';

/** One instance port of the host, as the L2 policy needs it. */
export interface L2Port {
  readonly instance: string;
  /** Host-side device of the instance's port (a bridge port). */
  readonly device: string;
  readonly mac: string;
  /** Every address the instance owns: its first one and its secondary ones. */
  readonly ips: readonly string[];
  /**
   * With `bumByRules`: the accepts of the port's ingress (its rules and the DHCP answer),
   * as lines of a chain, that judge IPv4 broadcast and multicast copies leaving by it.
   */
  readonly bumIngress?: readonly string[];
}

/** Each L2 check the renderer makes; a mutant turns one off. */
export interface L2Options {
  /** L2-MAC-SPOOF: frames from the port must carry the instance's MAC. */
  readonly sourceMac: boolean;
  /** L2-ARP-SPOOF: ARP from the port must claim the instance's MAC and one of its addresses. */
  readonly arpClaims: boolean;
  /** L2-BUM-DROP: broadcast and multicast from the port other than ARP and DHCP are dropped. */
  readonly dropBum: boolean;
  /** L2-NO-ROGUE-DHCP: DHCP server replies (udp 67 -> 68) from the port are dropped. */
  readonly dropDhcpServer: boolean;
  /** L2-NO-SNOOP: unicast to another MAC never leaves through the port. */
  readonly onlyOwnUnicast: boolean;
  /**
   * NET-ANTISPOOF at the port: IPv4 from it must come from an address it owns (the
   * inet table of a bridged host cannot see ports). Set by the nft renderer from `antiSpoof`.
   */
  readonly ipSource?: boolean;
  /**
   * NEUTRON-BROADCAST: IPv4 broadcast and multicast copies leaving by a port meet its
   * ingress rules (`L2Port.bumIngress`); the inet table dispatches ingress on the
   * destination address, which no port owns for them. Set from the profile.
   */
  readonly bumByRules?: boolean;
}

/** Every check on: the promises of seed 002. */
export const REFERENCE_L2: L2Options = {
  sourceMac: true,
  arpClaims: true,
  dropBum: true,
  dropDhcpServer: true,
  onlyOwnUnicast: true,
};

const GROUP_BIT = 'ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00';

function fromChain(port: L2Port, o: L2Options): string[] {
  const ips = port.ips.length > 0 ? `{ ${port.ips.join(', ')} }` : null;
  return [
    `\tchain ${nftIdentifier('l2from', port.instance)} {`,
    ...(o.sourceMac ? [`\t\tether saddr != ${port.mac} drop`] : []),
    ...(o.arpClaims
      ? [
          `\t\tarp saddr ether != ${port.mac} drop`,
          ips === null ? '\t\tether type arp drop' : `\t\tarp saddr ip != ${ips} drop`,
        ]
      : []),
    '\t\tether type arp accept',
    // A DHCP client's discover is broadcast: it passes before the BUM drop.
    '\t\tudp sport 68 udp dport 67 accept',
    ...(o.ipSource === true
      ? [ips === null ? '\t\tether type ip drop' : `\t\tether type ip ip saddr != ${ips} drop`]
      : []),
    ...(o.dropDhcpServer ? ['\t\tudp sport 67 udp dport 68 drop'] : []),
    ...(o.dropBum ? [`\t\t${GROUP_BIT} drop`] : []),
    '\t}',
  ];
}

function toChain(port: L2Port, o: L2Options): string[] {
  const byRules = o.bumByRules === true && port.bumIngress !== undefined;
  return [
    `\tchain ${nftIdentifier('l2to', port.instance)} {`,
    ...(byRules
      ? [`\t\tether type ip ${GROUP_BIT} jump ${nftIdentifier('l2bum', port.instance)}`]
      : []),
    // Broadcast and multicast that got this far (ARP, DHCP) may reach every port.
    `\t\t${GROUP_BIT} accept`,
    ...(o.onlyOwnUnicast ? [`\t\tether daddr != ${port.mac} drop`] : []),
    '\t}',
    ...(byRules
      ? [
          `\tchain ${nftIdentifier('l2bum', port.instance)} {`,
          ...(port.bumIngress ?? []),
          '\t\tdrop',
          '\t}',
        ]
      : []),
  ];
}

/**
 * The `nft -f` lines that replace the host's bridge table (declare, delete, define: one
 * transaction with whatever the caller renders around it).
 */
export function renderL2Table(
  ports: readonly L2Port[],
  options: L2Options,
  /** Set blocks the `bumIngress` lines refer to (remote groups). */
  sets: readonly string[] = [],
): string {
  const jump = (dir: 'iif' | 'oif', prefix: string) =>
    ports.map(
      (p) => `\t\t${dir}name ${nftString(p.device)} jump ${nftIdentifier(prefix, p.instance)}`,
    );
  return [
    `table bridge ${NFT_L2_TABLE} {`,
    '}',
    `delete table bridge ${NFT_L2_TABLE}`,
    `table bridge ${NFT_L2_TABLE} {`,
    ...sets,
    '\tchain prerouting {',
    '\t\ttype filter hook prerouting priority filter; policy accept;',
    ...jump('iif', 'l2from'),
    '\t}',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...jump('oif', 'l2to'),
    '\t}',
    ...ports.flatMap((p) => [...fromChain(p, options), ...toChain(p, options)]),
    '}',
    '',
  ].join('\n');
}

/** Removes the bridge table (succeeds when it is absent). */
export function renderL2Teardown(): string {
  return [`table bridge ${NFT_L2_TABLE} {`, '}', `delete table bridge ${NFT_L2_TABLE}`, ''].join(
    '\n',
  );
}
