/**
 * Types of the reference model's inputs and outputs. The functions that produce
 * them live beside this file; `spec/index.ts` is the public surface.
 */
import type { ProfileName, Rule, Topology, TrafficProtocol } from '../schema/scenario.ts';

/** A requirement ID from the catalogue, such as `CT-REPLY`. */
export type RequirementId = string;

/**
 * A topology whose every address is known: instance `ip`, external `ip` and host
 * `publicIp` are filled in (allocated deterministically where the file omitted them),
 * and every instance has its effective groups (profile defaults applied).
 */
export type ResolvedTopology = Topology & {
  readonly resolved: true;
};

/** A named flow the model tracks between steps. */
export interface FlowState {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly protocol: TrafficProtocol;
  readonly port: number | null;
  /** True once a packet of the flow was admitted (a conntrack entry exists). */
  readonly established: boolean;
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
