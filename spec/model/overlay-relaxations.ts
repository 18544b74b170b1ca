/**
 * Relaxations of the overlay requirements (danube, seed 003): what a platform that
 * breaks one of them, and keeps the others, shows at each step (see `relaxations.ts`).
 * Each stands for one situation: the step kind that checks the promise. Pure.
 */
import type { RequirementId } from '../requirements/index.ts';
import { BLOCKED, tupleOf, type Prediction, type RelaxContext } from './relax-context.ts';
import { indexOf, type Endpoint } from './topology-index.ts';
import type { Relaxation } from './relaxations.ts';

const DELIVERED: Prediction = { delivered: true, seenFrom: null };
/** The narrowest tier (`TIERS.situation` in relaxations.ts; not imported: that file imports this one). */
const SITUATION: Relaxation['tier'] = 1;

const only =
  (op: string, predictions: readonly Prediction[]) =>
  (ctx: RelaxContext): readonly Prediction[] =>
    ctx.step.op === op ? predictions : [];

/** The two ends of the step (a flow's for sends), or null. */
function endsOf(ctx: RelaxContext): { from: Endpoint; to: Endpoint } | null {
  const tuple = tupleOf(ctx);
  if (tuple !== null) return tuple;
  const step = ctx.step;
  if (!('from' in step) || !('to' in step)) return null;
  const index = indexOf(ctx.before.topology);
  const from = index.endpoints.get(step.from);
  const to = index.endpoints.get(step.to);
  return from === undefined || to === undefined ? null : { from, to };
}

/**
 * OV-SWITCH's defects, one per pair of hosts (in name order, the same at every step):
 * that pair's overlay traffic is lost (a tunnel or forwarding entry missing).
 */
function switchVariants(ctx: RelaxContext): readonly (readonly Prediction[])[] {
  const hosts = ctx.before.topology.hosts.map((h) => h.name).sort();
  const pairs = hosts.flatMap((a, i) => hosts.slice(i + 1).map((b) => `${a} ${b}`));
  const ends = endsOf(ctx);
  const pair = ends === null ? null : [ends.from.host, ends.to.host].sort().join(' ');
  return pairs.map((p) => (p === pair && ctx.expectation.delivered ? [BLOCKED] : []));
}

/** Same-PDC peers treated as remote: their traffic leaves by the Internet, not the admin network. */
function samePdcOverInternet(ctx: RelaxContext): readonly Prediction[] {
  if (ctx.step.op !== 'eavesdrop') return [];
  const ends = endsOf(ctx);
  if (ends === null || ends.from.pdc !== ends.to.pdc || ends.from.host === ends.to.host) return [];
  // Not on the admin network; on the Internet inside a tunnel, or in clear.
  return ctx.step.link === 'admin' ? [BLOCKED] : [BLOCKED, DELIVERED];
}

/**
 * OV-MTU's two defects, apart: the vNIC's MTU is larger than the overlay's (an echo
 * above it comes back), or smaller (one within it may not).
 */
function mtuVariants(ctx: RelaxContext): readonly (readonly Prediction[])[] {
  if (ctx.step.op !== 'mtuProbe') return [[], []];
  return ctx.expectation.delivered ? [[DELIVERED], [BLOCKED, DELIVERED]] : [[DELIVERED], [BLOCKED]];
}

/** Every overlay requirement the model can relax, each with its one way of breaking it. */
export const overlayRelaxations: Readonly<Partial<Record<RequirementId, readonly Relaxation[]>>> = {
  // OV-SWITCH relaxed: instances of one overlay on two given hosts do not reach each other.
  'OV-SWITCH': [
    { tier: SITUATION, variants: switchVariants, predict: (ctx) => switchVariants(ctx).flat() },
  ],
  // OV-ISOLATION relaxed: another overlay (or the Internet) is reached.
  'OV-ISOLATION': [
    { tier: SITUATION, predict: (ctx) => (ctx.expectation.delivered ? [] : [DELIVERED]) },
  ],
  'OV-MTU': [{ tier: SITUATION, variants: mtuVariants, predict: (ctx) => mtuVariants(ctx).flat() }],
  'OV-PDC-PATH': [{ tier: SITUATION, predict: samePdcOverInternet }],
  // OV-ENCRYPTED relaxed: a token crosses the Internet in clear.
  'OV-ENCRYPTED': [{ tier: SITUATION, predict: only('eavesdrop', [DELIVERED]) }],
  // OV-NO-PLAINTEXT-IN/OUT relaxed: the unencrypted VXLAN packet passes the external firewall.
  'OV-NO-PLAINTEXT-IN': [{ tier: SITUATION, predict: only('forgeVxlan', [DELIVERED]) }],
  'OV-NO-PLAINTEXT-OUT': [{ tier: SITUATION, predict: only('leakVxlan', [DELIVERED]) }],
};
