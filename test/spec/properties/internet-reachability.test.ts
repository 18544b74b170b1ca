/**
 * Who reaches the Internet and as whom: a private instance never talks across the
 * Internet (NET-PRIVATE); a nat instance is seen from its host's public address
 * there (NET-NAT-OUT) and cannot be reached from it (NET-NAT-IN); traffic inside a
 * site is never NATed (NET-INTERNAL-NO-NAT).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../../harness/arbitraries/index.ts';
import {
  acrossInternet,
  placeOf,
  resolve,
  trace,
  verdict,
  type TraceEntry,
} from './model-trace.ts';

/** Sender and receiver of a traffic step's packet, by name (undefined for other steps). */
function ends(entry: TraceEntry): { from: string; to: string; newFlow: boolean } | undefined {
  const s = entry.step;
  if (s.op === 'probe' || s.op === 'open') return { from: s.from, to: s.to, newFlow: true };
  if (s.op !== 'send') return undefined;
  const flow = entry.before.flows[s.flow];
  if (flow === undefined) return undefined;
  return s.direction === 'forward'
    ? { from: flow.from, to: flow.to, newFlow: false }
    : { from: flow.to, to: flow.from, newFlow: false };
}

const arb = scenarioArbitrary({ profile: 'safespring', maxSteps: 8, maxInstances: 4, maxSites: 2 });

describe('Internet reachability (safespring)', () => {
  it('never delivers between a private instance and the Internet', () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, (input) => {
        for (const entry of trace(resolve(input))) {
          const e = ends(entry);
          const v = verdict(entry.expectation);
          if (e === undefined || v === undefined) continue;
          const from = placeOf(entry.before, e.from);
          const to = placeOf(entry.before, e.to);
          if (from === undefined || to === undefined || !acrossInternet(from, to)) continue;
          const privateEnd = [from, to].some(
            (p) => p.kind === 'instance' && p.network === 'private',
          );
          if (!privateEnd) continue;
          expect(v.delivered).toBe(false);
          checked += 1;
        }
      }),
      { seed: 401, numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('shows each delivered packet from the right address: host for nat to the Internet, own otherwise', () => {
    const seen = { natOut: 0, internal: 0, other: 0 };
    fc.assert(
      fc.property(arb, (input) => {
        for (const entry of trace(resolve(input))) {
          const e = ends(entry);
          const v = verdict(entry.expectation);
          if (e === undefined || v === undefined || !v.delivered) continue;
          // A closed-port probe delivers an ICMP error back: no receiver address to see.
          if (entry.step.op === 'probe' && entry.step.closedPort === true) {
            expect(v.seenFrom).toBeNull();
            continue;
          }
          const from = placeOf(entry.before, e.from);
          const to = placeOf(entry.before, e.to);
          if (from === undefined || to === undefined) continue;
          // Replies come from the address the opener talked to.
          if (entry.step.op === 'send' && entry.step.direction === 'reply') {
            expect(v.seenFrom).toBe(from.ip);
            continue;
          }
          if (from.kind === 'instance' && from.network === 'nat' && acrossInternet(from, to)) {
            expect(v.seenFrom).toBe(from.hostIp);
            seen.natOut += 1;
          } else {
            expect(v.seenFrom).toBe(from.ip);
            if (from.kind === 'instance' && to.kind === 'instance' && !acrossInternet(from, to))
              seen.internal += 1;
            else seen.other += 1;
          }
        }
      }),
      { seed: 402, numRuns: 500 },
    );
    expect(seen.natOut).toBeGreaterThan(30);
    expect(seen.internal).toBeGreaterThan(30);
  });

  it('never lets the Internet start a flow to a nat or private instance', () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, (input) => {
        for (const entry of trace(resolve(input))) {
          const e = ends(entry);
          const v = verdict(entry.expectation);
          if (e === undefined || v === undefined || !e.newFlow) continue;
          const from = placeOf(entry.before, e.from);
          const to = placeOf(entry.before, e.to);
          if (from === undefined || to?.kind !== 'instance' || to.network === 'public') continue;
          if (!acrossInternet(from, to)) continue;
          expect(v.delivered).toBe(false);
          checked += 1;
        }
      }),
      { seed: 403, numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
