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

/** A requirement ID from the catalogue, such as `CT-REPLY`. */
export type RequirementId = string;

/** An instance with its address, account and effective groups known. */
export type ResolvedInstance = Instance & { readonly ip: string; readonly account: string };
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
}

/** Everything the model knows between steps. Immutable: `step` returns a new one. */
export interface ModelState {
  readonly profile: ProfileName;
  readonly topology: ResolvedTopology;
  readonly flows: Readonly<Record<string, FlowState>>;
}

/** What the model predicts for one step. */
export type Expectation =
  /** A configuration step that changed the desired state (the driver must reconcile). */
  | {
      readonly kind: 'config';
      readonly requirements: readonly RequirementId[];
      readonly reason: string;
    }
  /** A step that names something absent, or does nothing in this profile. */
  | { readonly kind: 'noop'; readonly reason: string }
  /**
   * A flow bookkeeping step (`close` of a known flow): the dataplane performs it,
   * there is nothing to compare.
   */
  | {
      readonly kind: 'flow';
      readonly requirements: readonly RequirementId[];
      readonly reason: string;
    }
  /** A traffic step: delivered or not, and the source address the receiver sees. */
  | {
      readonly kind: 'traffic';
      readonly delivered: boolean;
      readonly seenFrom: string | null;
      readonly requirements: readonly RequirementId[];
      readonly reason: string;
    };

/** Result of one model step. */
export interface StepResult {
  readonly state: ModelState;
  readonly expectation: Expectation;
}

export type { Rule };
