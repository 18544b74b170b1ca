/**
 * Figures of one `netconform run`, read from its `run-result.json` (not a bench itself:
 * `bench/index.ts` runs only `*.bench.ts`): scenarios per second and where the time went.
 */
import type { RunResult, StepRecord } from '../harness/runner/index.ts';

/** Where a run's job-time went, in ms (shares of `jobTimeMs`). */
export interface TimeShares {
  /** Wall time of the run phase (`durationMs`) times the jobs in flight. */
  readonly jobTimeMs: number;
  /** addRule/removeRule/attachGroup/detachGroup: the driver's applies. */
  readonly configMs: number;
  readonly blockedProbeMs: number;
  readonly deliveredProbeMs: number;
  /** Other steps: no-ops, flow bookkeeping (close), failed probes. */
  readonly otherStepMs: number;
  /** Outside the steps: build, agent starts, first apply, teardown, idle jobs. */
  readonly outsideMs: number;
  readonly configSteps: number;
  readonly blockedProbes: number;
  readonly deliveredProbes: number;
  /** Medians (ms) of one config step, one blocked and one delivered probe. */
  readonly medianConfigMs: number;
  readonly medianBlockedMs: number;
  readonly medianDeliveredMs: number;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

type Kind = 'config' | 'blocked' | 'delivered' | 'other';

function kindOf(step: StepRecord): Kind {
  if (step.expectation.kind === 'config') return 'config';
  const seen = step.observation;
  if (step.expectation.kind !== 'traffic' || seen?.kind !== 'observed') return 'other';
  return seen.delivered ? 'delivered' : 'blocked';
}

/** The shares of `result`'s run phase, `jobs` scenarios having been in flight at once. */
export function timeShares(result: RunResult, jobs: number): TimeShares {
  const by: Record<Kind, number[]> = { config: [], blocked: [], delivered: [], other: [] };
  for (const step of result.runs.flatMap((r) => r.steps)) by[kindOf(step)].push(step.elapsedMs);
  const shrinkMs = result.disagreement?.shrinkMs ?? 0;
  const jobTimeMs = (result.durationMs - shrinkMs) * jobs;
  const stepsMs = sum(Object.values(by).flat());
  return {
    jobTimeMs,
    configMs: sum(by.config),
    blockedProbeMs: sum(by.blocked),
    deliveredProbeMs: sum(by.delivered),
    otherStepMs: sum(by.other),
    outsideMs: Math.max(0, jobTimeMs - stepsMs),
    configSteps: by.config.length,
    blockedProbes: by.blocked.length,
    deliveredProbes: by.delivered.length,
    medianConfigMs: median(by.config),
    medianBlockedMs: median(by.blocked),
    medianDeliveredMs: median(by.delivered),
  };
}

const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(0)} %`;
const ms = (n: number): string => `${n.toFixed(0)} ms`;
const s = (n: number): string => `${(n / 1000).toFixed(1)} s`;

/** Printable lines of `shares` (prefixed `name.`). */
export function shareLines(name: string, t: TimeShares): string[] {
  const w = t.jobTimeMs;
  return [
    `${name}.share.config: ${pct(t.configMs, w)} (${t.configSteps} steps, ${s(t.configMs)}; median ${ms(t.medianConfigMs)} per step)`,
    `${name}.share.blocked-probes: ${pct(t.blockedProbeMs, w)} (${t.blockedProbes} x median ${ms(t.medianBlockedMs)})`,
    `${name}.share.delivered-probes: ${pct(t.deliveredProbeMs, w)} (${t.deliveredProbes} x median ${ms(t.medianDeliveredMs)})`,
    `${name}.share.other-steps: ${pct(t.otherStepMs, w)} (no-ops, closes, failed probes)`,
    `${name}.share.outside-steps: ${pct(t.outsideMs, w)} (build, agents, first apply, teardown, idle jobs: ${s(t.outsideMs)})`,
  ];
}
