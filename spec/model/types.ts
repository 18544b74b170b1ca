/**
 * Types of the reference model's inputs and outputs. The functions that produce
 * them live beside this file; `spec/index.ts` is the public surface.
 */
import type {
  External,
  Group,
  Host,
  Instance,
  ProfileName,
  Rule,
  Step,
  Topology,
  TrafficProtocol,
} from '../schema/scenario.ts';
import { z } from 'zod';
import { RequirementId } from '../requirements/catalogue.ts';

/** An instance with its address, account and effective groups known. */
export type ResolvedInstance = Instance & {
  readonly ip: string;
  readonly account: string;
  /** Set by a `migrate` step: the host it ran on first (CS-MIGRATE decides its flows). */
  readonly migratedFrom?: string;
};
/** A compute host with its public (NAT source) address known. */
export type ResolvedHost = Host & { readonly publicIp: string };
/** An external (Internet) host with its address known. */
export type ResolvedExternal = External & { readonly ip: string };
/** A group with its owning account known. */
export type ResolvedGroup = Group & { readonly account: string };

/**
 * A topology whose every address is known: instance `ip`, external `ip` and host
 * `publicIp` are filled in (allocated deterministically where the file omitted them),
 * every instance has its account and effective groups (profile defaults applied), and
 * every group an instance is in exists in `groups`. Produced by `parseScenario`; treat
 * it as immutable (the model shares it between states).
 */
export type ResolvedTopology = Omit<Topology, 'instances' | 'hosts' | 'externals' | 'groups'> & {
  readonly resolved: true;
  instances: ResolvedInstance[];
  hosts: ResolvedHost[];
  externals: ResolvedExternal[];
  groups: ResolvedGroup[];
};

/** A scenario after validation and resolution: what the model and runner consume. */
export interface ResolvedScenario {
  readonly profile: ProfileName;
  readonly description?: string;
  readonly topology: ResolvedTopology;
  readonly steps: readonly Step[];
}

/** A conntrack entry of a flow at one end (NEUTRON-CT-DELETE). */
export interface CtEntryState {
  /** The way the packet that created it went: the flow's forward direction or its reply. */
  readonly orig: 'forward' | 'reply';
  /** True once a packet went the other way: conntrack then calls packets established. */
  readonly seenReply: boolean;
}

/**
 * One end of a flow in a profile that tracks conntrack per end (`ctDeleteScope:
 * 'neutron'`): the conntrack zone of a (compute host, network) that holds an entry of
 * the flow. Two instances on one host and network share one end (one entry).
 */
export interface FlowEnd {
  /** `host/network`: where the entry lives (a conntrack zone per network on a host). */
  readonly zone: string;
  /** The flow's instances at this end: its opener, its server, or both. */
  readonly ports: readonly string[];
  /** The entry, or null while a deletion left none. */
  readonly entry: CtEntryState | null;
  /**
   * The entry a removal deleted (cleared once a packet re-creates one): `cut` when the
   * remaining rules no longer admitted its original direction (CT-FLUSH-ON-REMOVE),
   * `coarse` when they still did and only neutron's scope took it (NEUTRON-CT-DELETE).
   */
  readonly lost?: { readonly entry: CtEntryState; readonly kind: 'cut' | 'coarse' };
}

/** A named flow the model tracks between steps. */
export interface FlowState {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly protocol: TrafficProtocol;
  readonly port: number | null;
  /** True once a packet of the flow was admitted (a conntrack entry exists: replies pass). */
  readonly established: boolean;
  /**
   * True once the flow carried a reply (TCP handshake, ICMP echo reply, a UDP reply).
   * Only then does conntrack call it established for forward packets: an unreplied UDP
   * flow's next datagram is checked against the current rules like a new one.
   */
  readonly replied: boolean;
  /** The source address the receiver sees for forward packets. */
  readonly seenFrom: string | null;
  /**
   * True when CT-FLUSH-ON-REMOVE deleted its entry and no packet re-admitted it since:
   * the next packet meets the rules again because of that removal.
   */
  readonly cut?: boolean;
  /**
   * Profiles with per-end conntrack (neutron): the flow's ends, opener's first. Set once
   * the flow was admitted; `established` then means "was admitted and is open".
   */
  readonly ends?: readonly FlowEnd[];
  /** A TCP segment of this flow was dropped: its retransmissions make later sends unpredictable. */
  readonly stalled?: boolean;
}

/** Everything the model knows between steps. Immutable: `step` returns a new one. */
export interface ModelState {
  readonly profile: ProfileName;
  readonly topology: ResolvedTopology;
  readonly flows: Readonly<Record<string, FlowState>>;
}

const Requirements = z.array(RequirementId).readonly();

/**
 * What the model predicts for one step. The schema is the one definition: it also
 * reads the expectations recorded in `run-result.json` and repro bundles back.
 */
export const Expectation = z.discriminatedUnion('kind', [
  /** A configuration step that changed the desired state (the driver must reconcile). */
  z
    .object({ kind: z.literal('config'), requirements: Requirements, reason: z.string() })
    .readonly(),
  /** A step that names something absent, or does nothing in this profile. */
  z.object({ kind: z.literal('noop'), reason: z.string() }).readonly(),
  /** A flow bookkeeping step (`close` of a known flow): performed, nothing to compare. */
  z.object({ kind: z.literal('flow'), requirements: Requirements, reason: z.string() }).readonly(),
  /** A traffic step: delivered or not, and the source address the receiver sees. */
  z
    .object({
      kind: z.literal('traffic'),
      delivered: z.boolean(),
      seenFrom: z.string().nullable(),
      requirements: Requirements,
      reason: z.string(),
    })
    .readonly(),
]);
export type Expectation = z.infer<typeof Expectation>;

/** Result of one model step. */
export interface StepResult {
  readonly state: ModelState;
  readonly expectation: Expectation;
}

export type { Rule };
