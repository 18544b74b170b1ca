/**
 * The contract between the harness and a dataplane backend or firewall driver.
 * Backends (`containers/backends/`) and drivers (`containers/drivers/`) implement it;
 * the runner only sees these types.
 */
import { z } from 'zod';
import type { Plumbing, ResolvedTopology } from '../../spec/index.ts';
import type { TrafficProtocol } from '../../spec/index.ts';
import type { DriverState } from './driver-state.ts';

/** What an L2 step puts on the wire (bridged plumbing; see `containers/probe/frames.ts`). */
export type L2Probe =
  | { readonly what: 'macSpoof'; readonly port: number }
  | { readonly what: 'arpSpoof'; readonly claimed: string; readonly gratuitous: boolean }
  | { readonly what: 'broadcast'; readonly port: number; readonly multicast: boolean }
  | { readonly what: 'rogueDhcp' }
  | { readonly what: 'snoop'; readonly port: number }
  /** A TCP segment of no connection (NEUTRON-INVALID): a bare ACK or a FIN+ACK. */
  | { readonly what: 'stray'; readonly segment: 'ack' | 'fin'; readonly port: number };

/** What an overlay step does (danube; see `containers/backends/netns/overlay-probes.ts`). */
export type OverlayProbe =
  | { readonly what: 'mtu'; readonly size: number }
  | { readonly what: 'eavesdrop'; readonly port: number; readonly link: 'internet' | 'admin' }
  | { readonly what: 'forgeVxlan'; readonly port: number }
  | { readonly what: 'leakVxlan' };

/** A traffic action, resolved from a scenario step the model did not call a no-op. */
export type TrafficAction =
  | {
      readonly kind: 'open';
      readonly flow: string;
      readonly from: string;
      readonly to: string;
      readonly protocol: TrafficProtocol;
      readonly port: number | null;
    }
  | { readonly kind: 'send'; readonly flow: string; readonly direction: 'forward' | 'reply' }
  | { readonly kind: 'close'; readonly flow: string }
  | {
      readonly kind: 'probe';
      readonly from: string;
      readonly to: string;
      readonly protocol: TrafficProtocol;
      readonly port: number | null;
      /** UDP to a port nobody listens on: delivered = the ICMP port-unreachable came back. */
      readonly closedPort?: true;
    }
  | {
      readonly kind: 'spoof';
      readonly from: string;
      readonly to: string;
      readonly spoofedSource: string;
      readonly port: number;
    }
  /**
   * A raw frame from instance `from`; delivered when `to` saw it (its UDP socket for a
   * spoofed-MAC datagram, its frame sniffer otherwise).
   */
  | {
      readonly kind: 'l2';
      readonly from: string;
      readonly to: string;
      readonly probe: L2Probe;
    }
  /**
   * A query from instance `from` to the pod-local DHCP/DNS server of its segment
   * (bridged plumbing); delivered when the server's answer came back to `from`.
   */
  | { readonly kind: 'podQuery'; readonly from: string; readonly service: 'dhcp' | 'dns' }
  /** An overlay step; only the netns overlay dataplane performs it. */
  | {
      readonly kind: 'overlay';
      readonly from: string;
      readonly to: string;
      readonly probe: OverlayProbe;
    };

/**
 * What a token watcher caught (overlay steps): the frame that carried a probe's token,
 * by its outermost IPv4 header. The evidence an auditor asks for when a token crossed a
 * link in clear.
 */
export const Capture = z
  .object({
    /** Where the watcher listened: `internet`, `admin network of PDC p`, or an endpoint's name. */
    at: z.string(),
    /** The interface the frame was seen on. */
    interface: z.string(),
    /** The token, as sent. */
    token: z.string(),
    src: z.string(),
    dst: z.string(),
    /** IP protocol number (17: UDP). */
    protocol: z.number().int(),
    srcPort: z.number().int().nullable(),
    dstPort: z.number().int().nullable(),
  })
  .readonly();
export type Capture = z.infer<typeof Capture>;

/**
 * What the dataplane saw for one traffic action. Results as data, never thrown. The
 * schema also reads observations recorded in `run-result.json` back.
 */
export const Observation = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('observed'),
      delivered: z.boolean(),
      /** Source address the receiver saw (ICMP: the echo request); null when not delivered. */
      seenFrom: z.string().nullable(),
      elapsedMs: z.number(),
      /** Not delivered: the id under which `settleLate` reports its packet if it arrives late. */
      probeId: z.string().optional(),
      /** Not delivered: the adaptive wait after which it was called blocked. */
      blockedAfterMs: z.number().optional(),
      /** Set by the runner when the packet arrived after `blockedAfterMs` (late-arrival audit). */
      late: z.object({ arrivedAfterMs: z.number() }).optional(),
      /** Overlay token hunts: the frame that carried the token, when one was seen. */
      capture: Capture.optional(),
    })
    .readonly(),
  /** The probe itself failed (agent died, command failed, timeout on a positive path). */
  z
    .object({ kind: z.literal('inconclusive'), reason: z.string(), elapsedMs: z.number() })
    .readonly(),
]);
export type Observation = z.infer<typeof Observation>;

/**
 * A probe called blocked whose packet arrived after all (docs/cli.md, "Probe
 * timeout"): something of it was seen; `delivered` when everything that makes a
 * delivery was (ICMP: the request seen and the reply back).
 */
export interface LateArrival {
  readonly probeId: string;
  readonly delivered: boolean;
  /** Source address the receiver saw, when it saw the packet. */
  readonly seenFrom: string | null;
  /** `performance.now()` of this process when the last evidence arrived. */
  readonly arrivedAt: number;
  /** From the packet sent to that arrival. */
  readonly arrivedAfterMs: number;
}

/** One L2 segment (a site's network) as one bridged compute host holds it. */
export interface BridgeAccess {
  readonly network: string;
  /** Stable UUID of the network (neutron names the bridge `brq` + its first 11 characters). */
  readonly networkId: string;
  /** The Linux bridge in the host's namespace. */
  readonly name: string;
  /** The bridge's VXLAN port toward the site's other hosts and its router. */
  readonly uplinkPort: string;
  readonly vni: number;
  /** The pool's gateway address (on the site router's own port of the segment). */
  readonly gateway: string;
  /** The segment's pod-local DHCP/DNS server (L2-DHCP-DNS): the address below the gateway. */
  readonly podServer: string;
  readonly cidr: string;
}

/** One compute host as a driver reaches it. */
export interface HostAccess {
  readonly name: string;
  readonly site: string;
  readonly publicIp: string;
  /** Interface toward the site router (carries Internet and inter-host traffic). */
  readonly uplink: string;
  /** argv prefix that runs a command inside the host's network namespace. */
  readonly enter: readonly string[];
  /** One per network of the host's site when bridged; empty when routed. */
  readonly bridges: readonly BridgeAccess[];
  /** Overlay plumbing only (danube): the host's admin address and overlay devices. */
  readonly overlay?: OverlayHostAccess;
}

/** What an overlay host has before any agent runs (danube, docs/backends.md). */
export interface OverlayHostAccess {
  /** The host's address on its PDC's admin network. */
  readonly adminIp: string;
  /** Per overlay with a local instance: its bridge and VXLAN device (no forwarding table yet). */
  readonly devices: readonly { network: string; bridge: string; vxlan: string }[];
}

/** One instance port as seen from its compute host. */
export interface PortAccess {
  readonly instance: string;
  readonly host: string;
  /** Host-side interface of the instance's veth. */
  readonly hostInterface: string;
  /** The instance's `eth0` MAC (fixed, locally administered). */
  readonly mac: string;
  /** Stable UUID, unique in its first 10 characters (neutron derives names from it). */
  readonly portId: string;
  /** Stable UUID of the instance's network. */
  readonly networkId: string;
  /** The bridge holding the port, or null when routed. */
  readonly bridge: string | null;
  /** Prefix length of the instance's address (32 when routed). */
  readonly prefixLength: number;
  /** The instance's default gateway. */
  readonly gateway: string;
  /**
   * Overlay plumbing only: argv prefix that runs a command where the guest's end of the
   * vNIC (`eth0`) is, so the platform can set its MTU (as a hypervisor tells a guest).
   */
  readonly vnicEnter?: readonly string[];
}

/** Names a driver needs that only the dataplane knows. */
export interface DataplaneLayout {
  readonly backend: string;
  readonly runId: string;
  readonly plumbing: Plumbing;
  readonly hosts: readonly HostAccess[];
  readonly ports: readonly PortAccess[];
}

/** Per-host evidence captured at a failure. */
export interface HostSnapshot {
  readonly host: string;
  readonly ruleset: string;
  readonly conntrack: string;
}

/**
 * What moving an instance to another host gave (a `migrate` step, CS-MIGRATE): the
 * port now sits on `host` as `hostInterface`; the backend cannot move instances; or
 * the move failed (the topology is then not what the model holds).
 */
export type MigrationResult =
  | {
      readonly kind: 'moved';
      readonly host: string;
      readonly hostInterface: string;
      readonly elapsedMs: number;
    }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** A built topology. Dispose to remove everything it created. */
export interface Dataplane extends AsyncDisposable {
  /** Current names and placement: a `migrate` changes a port's host and host interface. */
  readonly layout: DataplaneLayout;
  /** Executes one traffic action; never throws for probe failures (see `Observation`). */
  perform(action: TrafficAction): Promise<Observation>;
  /**
   * Late-arrival audit: waits until each of `probeIds` (default: every probe called
   * blocked since the last call) has had the full probe timeout, and returns those of
   * which something arrived. Those are forgotten; the others stay watched until the
   * flows are reset, so asking again later reports a packet slower than the probe timeout.
   */
  settleLate(probeIds?: readonly string[]): Promise<LateArrival[]>;
  /**
   * Closes every open flow and forgets conntrack state (netns: and the endpoints' ARP
   * entries), so the topology can be reused; migrated instances go back to the hosts they
   * were built on.
   */
  resetFlows(): Promise<void>;
  /**
   * Moves `instance`'s port to `host` (same site), keeping its address and MAC, and
   * closes the flows it held (CS-MIGRATE: they may drop, the model forgets them).
   * Absent: the backend cannot move instances. Never rejects.
   */
  migrate?(instance: string, host: string): Promise<MigrationResult>;
  /**
   * True when `reshape(topology)` can turn this dataplane into `topology`'s. Absent: never.
   */
  canReshape?(topology: ResolvedTopology): boolean;
  /**
   * Turns this dataplane (flows reset) into what a fresh build of `topology` gives,
   * changing only what differs (kept endpoints keep their agents). False: it cannot,
   * build anew; a rejection leaves it unusable (destroy it).
   */
  reshape?(topology: ResolvedTopology): Promise<boolean>;
  /** nft ruleset and `conntrack -L` of every host. */
  snapshot(): Promise<HostSnapshot[]>;
  /** Removes everything this dataplane created. Idempotent. */
  destroy(): Promise<void>;
}

/** Options every backend accepts. */
export interface DataplaneOptions {
  /**
   * The probe timeout (`--probe-timeout`): the longest a probe waits, and how long a
   * probe called blocked earlier (after the adaptive wait) is still watched for.
   */
  readonly probeTimeoutMs: number;
  /** Per-run prefix for namespace/interface/container names (max 6 chars). */
  readonly runPrefix?: string;
  /** Routed (default) or bridged with a naming flavour; the CLI takes the profile's default. */
  readonly plumbing?: Plumbing;
}

/** Creates dataplanes of one kind. */
export interface DataplaneBackend {
  readonly name: string;
  /** Throws with a fix-it message when privileges or tools are missing. */
  preflight(): Promise<void>;
  create(topology: ResolvedTopology, options: DataplaneOptions): Promise<Dataplane>;
}

/** A driver's answer to `apply`. */
export type DriverResult =
  | { readonly kind: 'applied'; readonly elapsedMs: number }
  | {
      readonly kind: 'driver-error';
      /** What went wrong and the fix, complete for the user (includes the stderr that matters). */
      readonly message: string;
      /** The driver's raw stderr, kept for reports and bundles. */
      readonly stderr: string;
    };

/** The implementation under test: programs every host from the desired state. */
export interface FirewallDriver {
  readonly name: string;
  /** Reconcile every host to `state` (level-triggered; one transaction per host). */
  apply(state: DriverState): Promise<DriverResult>;
  /** Remove what `apply` installed (the dataplane is destroyed afterwards anyway). */
  teardown(state: DriverState): Promise<void>;
}
