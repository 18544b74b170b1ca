/**
 * Runs one scenario step by step on the model and the dataplane: the model first,
 * then the driver (configuration steps) or the dataplane (traffic steps), then the
 * oracle. Results as data; a driver error stops the scenario.
 */
import {
  blameStep,
  describeStep,
  initialState,
  profiles,
  step as modelStep,
  type Blame,
  type ModelState,
  type ObservedOutcome,
  type ResolvedScenario,
} from '../../spec/index.ts';
import type {
  Dataplane,
  DriverState,
  FirewallDriver,
  HostSnapshot,
  MigrationResult,
} from '../dataplane/index.ts';
import { compare } from '../oracle/index.ts';
import { applyDriverState } from './apply-driver.ts';
import { confirmDisagreement } from './confirm.ts';
import {
  auditLateArrivals,
  deliveredMeanwhile,
  settleExpectedDelivery,
  settleSafely,
  type LaterAdmission,
} from './late-audit.ts';
import { performSafely } from './perform-safely.ts';
import {
  type BlameRecord,
  type DriverErrorRecord,
  type ScenarioVerdict,
  type StepRecord,
} from './step-record.ts';
import { toTrafficAction } from './traffic-action.ts';
import { scenarioVerdict } from './verdict.ts';

export interface ExecuteOptions {
  /** Stop at the first confirmed disagreement (run, shrink) or go on (check). */
  readonly stopAtFirstDisagreement: boolean;
  /** Capture every host's ruleset and conntrack table at the first confirmed disagreement. */
  readonly snapshotOnDisagreement?: boolean;
}

/** Everything one execution produced. */
export interface ScenarioExecution {
  readonly verdict: ScenarioVerdict;
  readonly steps: readonly StepRecord[];
  /** Index of the first confirmed disagreement. */
  readonly firstDisagreement: number | null;
  readonly driverError: DriverErrorRecord | null;
  readonly snapshot: readonly HostSnapshot[] | null;
  /** The last state the driver applied (for `teardown`). */
  readonly lastDriverState: DriverState | null;
  readonly durationMs: number;
}

/** Executes `scenario` on `dataplane` through `driver` (a fresh driver per scenario). */
export async function executeScenario(
  scenario: ResolvedScenario,
  dataplane: Dataplane,
  driver: FirewallDriver,
  options: ExecuteOptions,
): Promise<ScenarioExecution> {
  const started = performance.now();
  const profile = profiles[scenario.profile];
  const records: StepRecord[] = [];
  let model: ModelState = initialState(scenario);
  let generation = 0;
  let firstDisagreement: number | null = null;
  let snapshot: readonly HostSnapshot[] | null = null;
  /** When each configuration step began, by step index (for the late-arrival audit). */
  const configStarts = new Map<number, number>();
  /** The model state before each step, by step index (same audit). */
  const statesBefore: ModelState[] = [];
  /**
   * The step's packet under the rules configuration step `configIndex` left: the state
   * before the step with the configuration steps up to `configIndex` applied. Not the
   * state after them: the step's own drop marks a TCP flow unpredictable, and the late
   * packet is that very segment, retransmitted.
   */
  const admitsLater: LaterAdmission = (stepIndex, configIndex, observation) => {
    const step = scenario.steps[stepIndex];
    let state = statesBefore[stepIndex];
    if (state === undefined || step === undefined) return false;
    for (const [index] of configStarts)
      if (index > stepIndex && index <= configIndex)
        state = modelStep(profile, state, scenario.steps[index]!).state;
    const later = modelStep(profile, state, step).expectation;
    return later.kind === 'traffic' && compare(later, observation).verdict === 'agree';
  };

  const finish = async (
    driverError: DriverErrorRecord | null,
    last: DriverState | null,
  ): Promise<ScenarioExecution> => {
    await auditLate();
    return {
      verdict: scenarioVerdict(records, driverError),
      steps: records,
      firstDisagreement,
      driverError,
      snapshot,
      lastDriverState: last,
      durationMs: performance.now() - started,
    };
  };

  /**
   * The late-arrival audit, before the verdict is final (and so before the dataplane
   * is reused or destroyed): every packet called blocked gets the whole probe timeout.
   */
  const auditLate = async (): Promise<void> => {
    if (options.stopAtFirstDisagreement && firstDisagreement !== null) return;
    const arrivals = await settleSafely(dataplane);
    const changed = auditLateArrivals(records, arrivals, configStarts, admitsLater);
    for (const { record, observation } of changed) {
      if (record.verdict !== 'disagree' || observation.kind !== 'observed') continue;
      const blame = recordBlame(blameStep(scenario, record.index, observation));
      records[record.index] = { ...record, blame };
      if (firstDisagreement === null || record.index < firstDisagreement) {
        firstDisagreement = record.index;
      }
    }
    if (firstDisagreement !== null && options.snapshotOnDisagreement === true && snapshot === null)
      snapshot = await snapshotSafely(dataplane);
  };

  const initial = await applyDriverState(driver, model, dataplane.layout, generation);
  if (initial.result.kind === 'driver-error') {
    const { message, stderr } = initial.result;
    return finish({ step: null, message, stderr }, initial.state);
  }
  let lastState = initial.state;

  for (const [index, step] of scenario.steps.entries()) {
    const stepStarted = performance.now();
    statesBefore.push(model);
    const next = modelStep(profile, model, step);
    model = next.state;
    const expectation = next.expectation;
    const base = {
      index,
      step,
      expectation,
      requirements: expectation.kind === 'noop' ? [] : [...expectation.requirements],
    };
    const done = (rest: Omit<StepRecord, keyof typeof base | 'elapsedMs'>): StepRecord => {
      const record: StepRecord = { ...base, ...rest, elapsedMs: performance.now() - stepStarted };
      records.push(record);
      return record;
    };
    const empty = {
      observation: null,
      oracle: null,
      confirmation: null,
      unconfirmed: false,
      blame: null,
    };

    // Moving a port between hosts is plumbing (the dataplane's), then the driver
    // reconciles the new placement like any configuration step.
    let moved: string | null = null;
    if (expectation.kind === 'config' && step.op === 'migrate') {
      const migration = await migrateSafely(dataplane, step.instance, step.host);
      if (migration.kind !== 'moved') {
        const note = `${describeStep(step)}: ${migration.reason}, so nothing after it is compared`;
        done({ ...empty, verdict: 'inconclusive', note });
        return finish(null, lastState);
      }
      moved = `port ${migration.hostInterface} on ${migration.host}`;
    }

    if (expectation.kind === 'config') {
      configStarts.set(index, stepStarted);
      generation += 1;
      const applied = await applyDriverState(driver, model, dataplane.layout, generation);
      lastState = applied.state;
      if (applied.result.kind === 'driver-error') {
        const { message, stderr } = applied.result;
        done({ ...empty, verdict: 'driver-error', note: message });
        return finish({ step: index, message, stderr }, lastState);
      }
      done({ ...empty, verdict: 'applied', note: moved });
      continue;
    }

    if (expectation.kind === 'noop') {
      done({ ...empty, verdict: 'noop', note: expectation.reason });
      continue;
    }

    const action = toTrafficAction(step);
    if (
      (action?.kind === 'l2' || action?.kind === 'podQuery') &&
      dataplane.layout.plumbing.mode !== 'bridged'
    ) {
      // Frames need an L2 segment between instances, and the pod-local server sits on
      // one: routed plumbing has neither.
      const note = 'L2 steps need bridged plumbing (--plumbing bridged): not compared';
      records.push({
        ...base,
        requirements: [],
        ...empty,
        verdict: 'noop',
        note,
        elapsedMs: performance.now() - stepStarted,
      });
      continue;
    }
    if (action?.kind === 'overlay' && dataplane.layout.plumbing.mode !== 'overlay') {
      records.push({
        ...base,
        requirements: [],
        ...empty,
        verdict: 'noop',
        note: 'overlay steps need the overlay dataplane (profile danube): not compared',
        elapsedMs: performance.now() - stepStarted,
      });
      continue;
    }
    if (action === null) {
      throw new Error(
        `the model gave a ${expectation.kind} expectation for a ${step.op} step; fix spec/`,
      );
    }

    if (expectation.kind === 'flow') {
      // Flow bookkeeping (close): the dataplane performs it, nothing to compare.
      const observation = await performSafely(dataplane, action);
      const failed = observation.kind === 'inconclusive';
      done({
        ...empty,
        observation,
        verdict: failed ? 'inconclusive' : 'applied',
        note: failed ? observation.reason : null,
      });
      continue;
    }

    // Called blocked after the short wait? An expected delivery gets the whole timeout.
    const observation = await settleExpectedDelivery(
      dataplane,
      expectation,
      await performSafely(dataplane, action),
    );
    const oracle = compare(expectation, observation);
    if (oracle.verdict !== 'disagree') {
      done({
        ...empty,
        observation,
        oracle,
        verdict: oracle.verdict,
        note: oracle.verdict === 'inconclusive' ? oracle.reason : null,
      });
      continue;
    }
    const confirmation = await confirmDisagreement(dataplane, action, expectation);
    const confirmed = confirmation?.confirmed ?? false;
    const confirmationRecord =
      confirmation === null
        ? null
        : { observation: confirmation.observation, oracle: confirmation.oracle };
    // Not repeated by the re-probe: the first packet may just have been slower than the timeout.
    const late = confirmed
      ? null
      : await deliveredMeanwhile(dataplane, expectation, observation, confirmation?.observation);
    const lateOracle = late === null ? null : compare(expectation, late);
    if (late !== null && lateOracle?.verdict === 'agree') {
      done({
        ...empty,
        observation: late,
        oracle: lateOracle,
        confirmation: confirmationRecord,
        verdict: 'agree',
        note:
          `delivered late: its packet arrived ${late.late?.arrivedAfterMs ?? '?'} ms after it was sent, ` +
          'after the probe timeout (a re-probe was delivered): the machine was slower than the probe timeout',
      });
      continue;
    }
    done({
      observation,
      oracle,
      confirmation: confirmationRecord,
      verdict: confirmed ? 'disagree' : 'inconclusive',
      unconfirmed: !confirmed,
      note: confirmed ? oracle.detail : `not confirmed by a re-probe: ${oracle.detail}`,
      // Which of the deciding requirements the observation contradicts.
      blame:
        confirmed && observation.kind === 'observed'
          ? recordBlame(blameStep(scenario, index, observation, observedSoFar(records)))
          : null,
    });
    if (!confirmed) continue;
    if (firstDisagreement === null) {
      firstDisagreement = index;
      if (options.snapshotOnDisagreement === true) snapshot = await snapshotSafely(dataplane);
    }
    if (options.stopAtFirstDisagreement) break;
  }
  return finish(null, lastState);
}

/** A blame as a (mutable, plain) record. */
export function recordBlame(blame: Blame): BlameRecord {
  return {
    violated: [...blame.violated],
    involved: [...blame.involved],
    undetermined: blame.undetermined,
    candidates: [...blame.candidates],
  };
}

/** What each traffic step of `records` observed (inconclusive ones left out), by index. */
export function observedSoFar(records: readonly StepRecord[]): Map<number, ObservedOutcome> {
  const seen = new Map<number, ObservedOutcome>();
  for (const r of records)
    if (r.observation?.kind === 'observed' && (r.verdict === 'agree' || r.verdict === 'disagree'))
      seen.set(r.index, { delivered: r.observation.delivered, seenFrom: r.observation.seenFrom });
  return seen;
}

/** Moves an instance's port; a backend without `migrate` or a failed move is data. */
async function migrateSafely(
  dataplane: Dataplane,
  instance: string,
  host: string,
): Promise<MigrationResult> {
  if (dataplane.migrate === undefined)
    return {
      kind: 'unsupported',
      reason: `the ${dataplane.layout.backend} dataplane cannot move instances between hosts`,
    };
  try {
    return await dataplane.migrate(instance, host);
  } catch (error) {
    return { kind: 'failed', reason: `moving ${instance} failed: ${(error as Error).message}` };
  }
}

/** Evidence is best effort: a failed snapshot must not hide the disagreement itself. */
async function snapshotSafely(dataplane: Dataplane): Promise<readonly HostSnapshot[] | null> {
  try {
    return await dataplane.snapshot();
  } catch {
    return null;
  }
}
