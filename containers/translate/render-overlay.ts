/**
 * Pure rendering of danube's overlay policy (seed 003) from the driver state: the
 * external-interface firewall (drop unencrypted overlay packets in and out) and the
 * encrypted tunnels between hosts of different physical datacenters. This kernel has no
 * ESP (docs/backends.md, "Known limit: no ESP in this kernel"), so a tunnel is an
 * OpenVPN point-to-point link with a static key per host pair (as `esdc-overlay`
 * generates a pre-shared key per pair), and a policy route sends a pair's overlay
 * packets (UDP to the peer's public address on an overlay port) through it.
 */
import { createHash } from 'node:crypto';
import type { DriverHost, DriverState } from '../../harness/dataplane/index.ts';

/** What a danube driver does; the reference does all of it, mutants get one part wrong. */
export interface OverlayOptions {
  /** False: the first cross-PDC host pair gets no tunnel (its overlay packets go out in clear). */
  readonly encryptEveryPair: boolean;
  /** Drop unencrypted overlay packets arriving on the external interface (OV-NO-PLAINTEXT-IN). */
  readonly dropPlaintextIn: boolean;
  /** Drop unencrypted overlay packets leaving by the external interface (OV-NO-PLAINTEXT-OUT). */
  readonly dropPlaintextOut: boolean;
  /** True: vNICs get their overlay's MTU (OV-MTU); false: the Ethernet default 1500. */
  readonly mtuFromOverlay: boolean;
  /**
   * True: one virtual ARP table per overlay (OV-ISOLATION); false: one for the whole
   * host, so every overlay device also holds the other overlays' entries (with their VNI).
   */
  readonly arpTablePerOverlay: boolean;
  /**
   * True: a peer of the same PDC is reached over the admin network (OV-PDC-PATH); false:
   * every peer is treated as remote (its public address, inside a tunnel).
   */
  readonly samePdcOverAdmin: boolean;
  /**
   * True: the firewall is generated from the same pair list as the tunnels and lets the
   * overlay packets of a pair without a tunnel pass, both ways, to and from that peer only
   * (a double fault with `encryptEveryPair: false`: the pair talks in clear on the Internet).
   */
  readonly exemptUnencryptedPairs: boolean;
}

export const REFERENCE_OVERLAY: OverlayOptions = {
  encryptEveryPair: true,
  dropPlaintextIn: true,
  dropPlaintextOut: true,
  mtuFromOverlay: true,
  arpTablePerOverlay: true,
  samePdcOverAdmin: true,
  exemptUnencryptedPairs: false,
};

/** The nft table the overlay firewall lives in (in each host's namespace). */
export const OVERLAY_TABLE = 'netconform_overlay';

/** One end of an encrypted link between two hosts of different PDCs. */
export interface Tunnel {
  /** Index of the host pair (stable: pairs in host-name order). */
  readonly pair: number;
  readonly peer: string;
  readonly local: string;
  readonly remote: string;
  /** UDP port of the carrier on both ends. */
  readonly port: number;
  readonly device: string;
  readonly localInner: string;
  readonly remoteInner: string;
  /** OpenVPN static-key direction: 0 on the pair's first host, 1 on the other. */
  readonly keyDirection: 0 | 1;
  /** Routing table holding the route to the peer through the tunnel. */
  readonly table: number;
}

/** A host's PDC (default: its site's name). */
export const pdcOf = (h: DriverHost): string => h.pdc ?? h.site;

/** A pair of hosts (in name order) with its index among every pair of the state. */
export interface HostPair {
  /** Stable whatever the options: names the tunnel's device, port and addresses. */
  readonly pair: number;
  readonly a: DriverHost;
  readonly b: DriverHost;
}

/** Every pair of hosts, hosts in name order. */
export function hostPairs(state: DriverState): HostPair[] {
  const hosts = [...state.hosts].sort((a, b) => a.name.localeCompare(b.name));
  return hosts
    .flatMap((a, i) => hosts.slice(i + 1).map((b) => ({ a, b })))
    .map((p, pair) => ({ ...p, pair }));
}

/** Every pair of hosts in different PDCs, hosts in name order. */
export function crossPdcPairs(state: DriverState): HostPair[] {
  return hostPairs(state).filter(({ a, b }) => pdcOf(a) !== pdcOf(b));
}

/**
 * The pairs `options` encrypts: across PDCs (every pair when every peer is treated as
 * remote), less the first cross-PDC pair when one is missed.
 */
export function encryptedPairs(state: DriverState, options: OverlayOptions): HostPair[] {
  const missed = options.encryptEveryPair ? null : (crossPdcPairs(state)[0]?.pair ?? null);
  const pairs = options.samePdcOverAdmin ? crossPdcPairs(state) : hostPairs(state);
  return pairs.filter((p) => p.pair !== missed);
}

/** The tunnels `host` ends, per `options`. */
export function tunnelsOf(state: DriverState, host: string, options: OverlayOptions): Tunnel[] {
  return encryptedPairs(state, options).flatMap(({ a, b, pair }): Tunnel[] => {
    if (a.name !== host && b.name !== host) return [];
    const first = a.name === host;
    const [me, peer] = first ? [a, b] : [b, a];
    return [
      {
        pair,
        peer: peer.name,
        local: me.publicIp,
        remote: peer.publicIp,
        port: 20000 + pair,
        device: `ncov${pair}`,
        // A /30-like pair of link addresses per tunnel: 169.254.(64+pair).1 and .2.
        localInner: `169.254.${64 + pair}.${first ? 1 : 2}`,
        remoteInner: `169.254.${64 + pair}.${first ? 2 : 1}`,
        keyDirection: first ? 0 : 1,
        table: 100 + pair,
      },
    ];
  });
}

/**
 * The public addresses `host`'s firewall exempts, per `options`: the peers of its
 * cross-PDC pairs that get no tunnel, when the firewall follows the tunnels' pair list.
 */
export function unencryptedPeers(
  state: DriverState,
  host: string,
  options: OverlayOptions,
): string[] {
  if (!options.exemptUnencryptedPairs) return [];
  const encrypted = new Set(encryptedPairs(state, options).map((p) => p.pair));
  return crossPdcPairs(state)
    .filter((p) => !encrypted.has(p.pair) && (p.a.name === host || p.b.name === host))
    .map((p) => (p.a.name === host ? p.b : p.a).publicIp);
}

/** The overlay UDP ports of `state`, ascending. */
export function overlayPorts(state: DriverState): number[] {
  const ports = state.pools.flatMap((p) => (p.udpPort === undefined ? [] : [p.udpPort]));
  return [...new Set(ports)].sort((a, b) => a - b);
}

/**
 * The external-interface firewall (seed 003, "Configuring a firewall on each compute
 * node"): overlay ports on `external` are dropped both ways. Encrypted overlay packets
 * cross it as the tunnel's carrier, on another port, so only unencrypted ones match.
 * `exempt` peers (`unencryptedPeers`) are accepted before the drops, both ways.
 */
export function renderOverlayFirewall(
  external: string,
  ports: readonly number[],
  options: OverlayOptions,
  exempt: readonly string[] = [],
): string {
  const set = `{ ${ports.join(', ')} }`;
  const peers = `{ ${exempt.join(', ')} }`;
  const exemptions =
    exempt.length > 0 && ports.length > 0
      ? [
          `    iifname "${external}" ip saddr ${peers} udp dport ${set} counter accept comment "exempt: pair without IPsec"`,
          `    oifname "${external}" ip daddr ${peers} udp dport ${set} counter accept comment "exempt: pair without IPsec"`,
        ]
      : [];
  const rules = [
    options.dropPlaintextIn && ports.length > 0
      ? `    iifname "${external}" udp dport ${set} counter drop comment "OV-NO-PLAINTEXT-IN"`
      : null,
    options.dropPlaintextOut && ports.length > 0
      ? `    oifname "${external}" udp dport ${set} counter drop comment "OV-NO-PLAINTEXT-OUT"`
      : null,
  ];
  const [inRule, outRule] = rules;
  return [
    `add table inet ${OVERLAY_TABLE}`,
    `delete table inet ${OVERLAY_TABLE}`,
    `table inet ${OVERLAY_TABLE} {`,
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    ...exemptions.slice(0, 1),
    ...(inRule === null || inRule === undefined ? [] : [inRule]),
    '  }',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    ...exemptions.slice(1),
    ...(outRule === null || outRule === undefined ? [] : [outRule]),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Commands (argv, in the host) that send the pair's overlay packets through the tunnel. */
export function tunnelRouting(t: Tunnel, ports: readonly number[]): string[][] {
  return [
    ['ip', 'route', 'replace', `${t.remote}/32`, 'dev', t.device, 'table', String(t.table)],
    ...ports.map((p) => [
      'ip',
      'rule',
      'add',
      'to',
      `${t.remote}/32`,
      'ipproto',
      'udp',
      'dport',
      String(p),
      'lookup',
      String(t.table),
    ]),
  ];
}

/** An OpenVPN static key file, unique to the run and the host pair. */
export function staticKey(runId: string, pair: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.length < 16; i++) {
    const block = createHash('sha256')
      .update(`netconform ${runId} pair ${pair} block ${i}`)
      .digest('hex');
    lines.push(block.slice(0, 32), block.slice(32));
  }
  return [
    '-----BEGIN OpenVPN Static key V1-----',
    ...lines,
    '-----END OpenVPN Static key V1-----',
    '',
  ].join('\n');
}

/** The OpenVPN command line of one tunnel end (daemon `name`, pid and log in `dir`). */
export function openvpnArgs(t: Tunnel, name: string, keyFile: string, dir: string): string[] {
  return [
    'openvpn',
    '--daemon',
    name,
    '--writepid',
    `${dir}/${t.device}.pid`,
    '--log',
    `${dir}/${t.device}.log`,
    '--dev-type',
    'tun',
    '--dev',
    t.device,
    '--proto',
    'udp',
    '--local',
    t.local,
    '--lport',
    String(t.port),
    '--remote',
    t.remote,
    '--rport',
    String(t.port),
    '--secret',
    keyFile,
    String(t.keyDirection),
    '--cipher',
    'AES-256-CBC',
    '--auth',
    'SHA256',
    '--ifconfig',
    t.localInner,
    t.remoteInner,
    '--tun-mtu',
    '1500',
    '--mssfix',
    '0',
    // Exits on its own when the peer is gone (a dataplane removed without teardown).
    '--ping',
    '1',
    '--ping-exit',
    '15',
    // Overlay packets go to the peer's public address, the carrier's too: not a loop here.
    '--allow-recursive-routing',
    '--verb',
    '1',
  ];
}
