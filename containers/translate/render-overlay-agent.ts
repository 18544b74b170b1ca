/**
 * Pure rendering of what danube's platform agent does on each host from the driver
 * state (seed 003): the vNIC MTU from the overlay rule (OV-MTU), and the static
 * forwarding table of every overlay device (the seed's "virtual ARP table"): each remote
 * instance's MAC at its host, plus a flood entry per peer host for ARP, every entry with
 * its overlay's VNI and UDP port. The address of a peer host is the path (OV-PDC-PATH):
 * its admin address within one PDC, its public address across PDCs.
 */
import type { DriverHost, DriverPort, DriverState } from '../../harness/dataplane/index.ts';
import { pdcOf, type OverlayOptions } from './render-overlay.ts';

/** The MTU a vNIC gets when the overlay rule is ignored (the Ethernet default). */
export const ETHERNET_MTU = 1500;

/** One remote entry of an overlay device's forwarding table. */
export interface FdbEntry {
  readonly device: string;
  /** `00:00:00:00:00:00`: the flood entry (broadcast, unknown unicast). */
  readonly mac: string;
  readonly dst: string;
  readonly port: number;
  readonly vni: number;
}

export const FLOOD_MAC = '00:00:00:00:00:00';

/** Identity of an entry (the kernel keeps one per MAC, device and remote). */
export const fdbKey = (e: FdbEntry): string => `${e.device} ${e.mac} ${e.dst} ${e.port} ${e.vni}`;

/** The address `host` sends overlay packets for `peer` to (OV-PDC-PATH). */
export function peerAddress(host: DriverHost, peer: DriverHost, options: OverlayOptions): string {
  const admin = options.samePdcOverAdmin && pdcOf(host) === pdcOf(peer);
  return admin && peer.adminIp !== undefined ? peer.adminIp : peer.publicIp;
}

function overlayOf(state: DriverState, network: string): { vni: number; udpPort: number } | null {
  const pool = state.pools.find((p) => p.network === network);
  if (pool?.vni === undefined || pool.udpPort === undefined) return null;
  return { vni: pool.vni, udpPort: pool.udpPort };
}

/** The forwarding table `host` should hold, per `options`, in a stable order. */
export function desiredFdb(
  state: DriverState,
  hostName: string,
  options: OverlayOptions,
): FdbEntry[] {
  const host = state.hosts.find((h) => h.name === hostName);
  if (host === undefined) return [];
  const hosts = new Map(state.hosts.map((h) => [h.name, h]));
  const entries = new Map<string, FdbEntry>();
  for (const device of host.overlays ?? []) {
    // One table per overlay: only its own instances; one per host: every overlay's.
    const remote = state.ports.filter(
      (p) => p.host !== hostName && (!options.arpTablePerOverlay || p.network === device.network),
    );
    for (const p of remote) {
      const overlay = overlayOf(state, p.network);
      const peer = hosts.get(p.host);
      if (overlay === null || peer === undefined) continue;
      const at = { device: device.vxlan, dst: peerAddress(host, peer, options) };
      const route = { port: overlay.udpPort, vni: overlay.vni };
      for (const e of [
        { ...at, mac: p.mac, ...route },
        { ...at, mac: FLOOD_MAC, ...route },
      ])
        entries.set(fdbKey(e), e);
    }
  }
  return [...entries.values()];
}

/** The MTU the vNIC of `port` gets, per `options` (null: not an overlay port). */
export function vnicMtu(
  state: DriverState,
  port: DriverPort,
  options: OverlayOptions,
): number | null {
  const pool = state.pools.find((p) => p.network === port.network);
  if (pool?.mtu === undefined) return null;
  return options.mtuFromOverlay ? pool.mtu : ETHERNET_MTU;
}

/**
 * The MTU commands of `host`, as argv: `host` ones run inside the host, `vnic` ones as
 * they are (their argv carries the port's `vnicEnter`). The bridge and VXLAN device get
 * the overlay's vNIC MTU, the vNIC both ends.
 */
export function mtuCommands(
  state: DriverState,
  hostName: string,
  options: OverlayOptions,
): { host: string[][]; vnic: string[][] } {
  const host = state.hosts.find((h) => h.name === hostName);
  const set = (dev: string, mtu: number) => ['ip', 'link', 'set', 'dev', dev, 'mtu', String(mtu)];
  const out = { host: [] as string[][], vnic: [] as string[][] };
  const ports = state.ports.filter((p) => p.host === hostName);
  for (const device of host?.overlays ?? []) {
    const port = ports.find((p) => p.network === device.network);
    const mtu = port === undefined ? null : vnicMtu(state, port, options);
    if (mtu !== null) out.host.push(set(device.vxlan, mtu), set(device.bridge, mtu));
  }
  for (const p of ports) {
    const mtu = vnicMtu(state, p, options);
    if (mtu === null) continue;
    out.host.push(set(p.hostInterface, mtu));
    if (p.vnicEnter !== undefined) out.vnic.push([...p.vnicEnter, ...set('eth0', mtu)]);
  }
  return out;
}

/** The `bridge -batch` lines that turn `current` into `desired` (removals first). */
export function fdbBatch(current: readonly FdbEntry[], desired: readonly FdbEntry[]): string[] {
  const line = (verb: string, e: FdbEntry) =>
    `fdb ${verb} ${e.mac} dev ${e.device} dst ${e.dst} port ${e.port} vni ${e.vni}`;
  const want = new Set(desired.map(fdbKey));
  const have = new Set(current.map(fdbKey));
  return [
    ...current.filter((e) => !want.has(fdbKey(e))).map((e) => line('del', e)),
    ...desired.filter((e) => !have.has(fdbKey(e))).map((e) => line('append', e)),
  ];
}
