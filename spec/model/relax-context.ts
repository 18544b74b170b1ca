/**
 * What a relaxation sees and what it predicts: the state before a traffic step, the
 * step and the model's expectation, and helpers to decide the step's flow again with
 * a rewritten index, profile or endpoints.
 */
import type { Profile } from '../profiles/profile.ts';
import type { Step, TrafficProtocol } from '../schema/scenario.ts';
import { decideNewFlow } from './admission.ts';
import { indexOf, type Endpoint, type TopologyIndex } from './topology-index.ts';
import type { Expectation, ModelState } from './types.ts';

/** The model's expectation for a traffic step. */
export type TrafficExpectation = Extract<Expectation, { kind: 'traffic' }>;

/** One traffic step, the states that led to it and what the real model expects. */
export interface RelaxContext {
  readonly profile: Profile;
  /** Every state from the initial one to `before`, in order. */
  readonly history: readonly ModelState[];
  readonly before: ModelState;
  readonly step: Step;
  readonly expectation: TrafficExpectation;
}

/**
 * What the model with one requirement relaxed predicts for the step: blocked, or
 * delivered from `seenFrom` (null: any address) but not from `notFrom`.
 */
export type Prediction =
  | { readonly delivered: false }
  | { readonly delivered: true; readonly seenFrom: string | null; readonly notFrom?: string };

/** The observation a prediction is checked against (the dataplane's, as data). */
export interface ObservedOutcome {
  readonly delivered: boolean;
  /** Null when not delivered or not observable (icmp). */
  readonly seenFrom: string | null;
}

export const BLOCKED: Prediction = { delivered: false };

/** Whether the dataplane's `observed` is what `prediction` says. */
export function explains(prediction: Prediction, observed: ObservedOutcome): boolean {
  if (prediction.delivered !== observed.delivered) return false;
  if (!prediction.delivered || observed.seenFrom === null) return true;
  if (prediction.seenFrom !== null && prediction.seenFrom !== observed.seenFrom) return false;
  return prediction.notFrom !== observed.seenFrom;
}

/** The flow a probe, open or forward send judges as new, with its endpoints. */
export interface FlowTuple {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly protocol: TrafficProtocol;
  readonly port: number;
}

/** The flow the step is about (a reply: the flow it answers), or null (spoof, close). */
export function tupleOf(ctx: RelaxContext): FlowTuple | null {
  const index = indexOf(ctx.before.topology);
  const step = ctx.step;
  let names: { from: string; to: string; protocol: TrafficProtocol; port: number | null };
  if (step.op === 'probe' || step.op === 'open')
    names = { from: step.from, to: step.to, protocol: step.protocol, port: step.port ?? null };
  else if (step.op === 'send') {
    const flow = ctx.before.flows[step.flow];
    if (flow === undefined) return null;
    names = flow;
  } else return null;
  const from = index.endpoints.get(names.from);
  const to = index.endpoints.get(names.to);
  if (from === undefined || to === undefined) return null;
  return { from, to, protocol: names.protocol, port: names.port ?? 0 };
}

/** The prediction of deciding `tuple` as a new flow with `index` (and `profile`). */
export function decide(
  ctx: RelaxContext,
  tuple: FlowTuple,
  index: TopologyIndex,
  profile: Profile = ctx.profile,
): Prediction {
  const d = decideNewFlow(profile, index, tuple.from, tuple.to, tuple.protocol, tuple.port);
  return d.admitted ? { delivered: true, seenFrom: d.seenFrom } : BLOCKED;
}

/** `decide` for the step's own flow with a rewritten index; none for other steps. */
export function decideRewritten(
  ctx: RelaxContext,
  rewrite: (index: TopologyIndex) => TopologyIndex,
): Prediction[] {
  const tuple = tupleOf(ctx);
  if (tuple === null || isReply(ctx)) return [];
  return [decide(ctx, tuple, rewrite(indexOf(ctx.before.topology)))];
}

/** True for a `send reply` step. */
export const isReply = (ctx: RelaxContext): boolean =>
  ctx.step.op === 'send' && ctx.step.direction === 'reply';
