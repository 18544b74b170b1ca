/**
 * The per-area requirement suite: for every safespring requirement of an area, its
 * scenario file runs on a real dataplane (the backend under test) with the reference
 * driver, and selected mutant drivers must be caught on the step that shows the
 * requirement. All scenarios share one topology's plumbing, so each test file builds
 * the dataplane once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../containers/drivers/index.ts';
import { DataplanePool, checkScenario, type CheckResult } from '../../harness/runner/index.ts';
import {
  requirements,
  type Requirement,
  type RequirementId,
  type ResolvedScenario,
} from '../../spec/index.ts';
import type { BackendUnderTest } from '../support/backends-under-test.ts';
import { requirementScenario } from './scenario-files.ts';
import { agreedTrafficSteps, missingExpects, stepProblems, trafficNames } from './step-checks.ts';

/** Short enough to keep negative probes cheap, the CLI default. */
export const PROBE_TIMEOUT_MS = 300;

/** A mutant that must disagree with the model on one step of a requirement's scenario. */
export interface MutantCase {
  readonly requirement: string;
  /** Mutant name, as in `--driver mutant:NAME`. */
  readonly mutant: string;
  /** Part of the `note` of the step the mutant gets wrong (notes identify steps). */
  readonly stepNote: string;
  readonly field: 'delivered' | 'seenFrom';
}

/**
 * Checks derived from a requirement's statement and the topology alone (not from the
 * model or the written expects): problem lines, empty when the requirement holds.
 */
export type Claim = (scenario: ResolvedScenario, result: CheckResult) => string[];

export interface SuiteOptions {
  readonly area: Requirement['area'];
  readonly mutants?: readonly MutantCase[];
  readonly claims?: Readonly<Record<string, Claim>>;
}

/** Safespring requirements of `area`, in catalogue order. */
export function safespringRequirements(area: Requirement['area']): Requirement<RequirementId>[] {
  return requirements.filter((r) => r.area === area && r.profiles.includes('safespring'));
}

function stepIndexByNote(scenario: ResolvedScenario, text: string): number {
  const index = scenario.steps.findIndex((s) => s.note?.includes(text) === true);
  if (index < 0) throw new Error(`no step has a note containing "${text}": fix the MutantCase`);
  return index;
}

/** Declares the vitest suite of one area on the backend under test. */
export function requirementSuite(under: BackendUnderTest, options: SuiteOptions): void {
  describe(`safespring requirements, ${options.area} (${under.name}, reference driver)`, () => {
    let pool: DataplanePool;
    const run = (scenario: ResolvedScenario, driver: string): Promise<CheckResult> =>
      checkScenario(scenario, {
        backend: under.backend,
        driverFactory: () => createDriver(driver),
        probeTimeoutMs: PROBE_TIMEOUT_MS,
        pool,
      });

    beforeAll(() => {
      pool = new DataplanePool(under.backend, { probeTimeoutMs: PROBE_TIMEOUT_MS });
    });
    afterAll(async () => {
      await pool.release();
    });

    const ids = safespringRequirements(options.area);
    it('covers at least one requirement', () => {
      expect(ids.length).toBeGreaterThan(0);
    });

    for (const requirement of ids) {
      it(`${requirement.id}: ${requirement.statement}`, async () => {
        const scenario = requirementScenario(requirement.id);
        expect(missingExpects(scenario.steps)).toEqual([]);
        const result = await run(scenario, 'reference');
        expect(stepProblems(result)).toEqual([]);
        expect(result.verdict).toBe('agree');
        expect(agreedTrafficSteps(result)).toBe(countExpects(scenario));
        expect(
          trafficNames(result, requirement.id),
          `no step is decided by ${requirement.id}`,
        ).toBe(true);
        expect(options.claims?.[requirement.id]?.(scenario, result) ?? []).toEqual([]);
      });
    }

    for (const m of options.mutants ?? []) {
      it(`${m.requirement} can fail: mutant:${m.mutant} disagrees on "${m.stepNote}"`, async () => {
        const scenario = requirementScenario(m.requirement);
        const index = stepIndexByNote(scenario, m.stepNote);
        const result = await run(scenario, `mutant:${m.mutant}`);
        const record = result.steps[index];
        expect(record?.oracle, `step ${index + 1} under mutant:${m.mutant}`).toMatchObject({
          verdict: 'disagree',
          field: m.field,
        });
        expect(record?.verdict).toBe('disagree');
        expect(result.verdict).toBe('disagree');
      });
    }
  });
}

function countExpects(scenario: ResolvedScenario): number {
  return scenario.steps.filter((s) => 'expect' in s && s.expect !== undefined).length;
}
