/**
 * Without root: every safespring requirement has a scenario file that the model reads
 * as the file says, regression files are well formed, and docs/requirements.md lists
 * every catalogue ID with its current statement.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plumbingKey } from '../../harness/runner/index.ts';
import {
  checkExpect,
  evaluateScenario,
  expectOf,
  requirements,
  type ResolvedScenario,
} from '../../spec/index.ts';
import { safespringRequirements } from './dataplane-suite.ts';
import {
  jsonFiles,
  loadScenario,
  regressionDir,
  requirementScenario,
  requirementScenarioDir,
} from './scenario-files.ts';
import { missingExpects } from './step-checks.ts';

const safespringIds = (['security-groups', 'conntrack', 'network', 'anti-spoofing'] as const)
  .flatMap((area) => safespringRequirements(area))
  .map((r) => r.id);

/** Written expects the model contradicts, as problem lines. */
function modelConflicts(scenario: ResolvedScenario): string[] {
  return evaluateScenario(scenario).results.flatMap(({ step, expectation }, i) => {
    const verdict = checkExpect(expectOf(step), expectation);
    return verdict.kind === 'contradicted' ? [`step ${i + 1}: ${verdict.message}`] : [];
  });
}

describe('requirement scenarios (model only)', () => {
  it('exist for exactly the safespring requirements', () => {
    expect(safespringIds).toEqual(
      requirements.filter((r) => r.profiles.includes('safespring')).map((r) => r.id),
    );
    expect(jsonFiles(requirementScenarioDir)).toEqual(
      safespringIds.map((id) => `${id}.json`).sort(),
    );
  });

  for (const id of safespringIds) {
    it(`${id}: expects on every traffic step, as the model predicts, decided by ${id}`, () => {
      const scenario = requirementScenario(id);
      expect(scenario.profile).toBe('safespring');
      expect(missingExpects(scenario.steps)).toEqual([]);
      expect(modelConflicts(scenario)).toEqual([]);
      const named = evaluateScenario(scenario).results.some(
        ({ expectation }) =>
          expectation.kind === 'traffic' && expectation.requirements.includes(id),
      );
      expect(named, `no traffic step of ${id}.json is decided by ${id}`).toBe(true);
    });
  }

  it('share one topology, so each dataplane test file builds it once', () => {
    const keys = new Set(safespringIds.map((id) => plumbingKey(requirementScenario(id).topology)));
    expect(keys.size).toBe(1);
  });
});

describe('regression files (model only)', () => {
  const files = jsonFiles(regressionDir);
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(`${file}: valid, expects on every traffic step, as the model predicts`, () => {
      const scenario = loadScenario(`${regressionDir}${file}`);
      expect(scenario.description ?? '', 'say what the file guards').not.toBe('');
      expect(missingExpects(scenario.steps)).toEqual([]);
      expect(modelConflicts(scenario)).toEqual([]);
    });
  }
});

describe('docs/requirements.md', () => {
  const doc = readFileSync(new URL('../../docs/requirements.md', import.meta.url), 'utf8');
  // Table rows whose first cell is an ID; cells trimmed (prettier pads them).
  const rows = new Map(
    doc
      .split('\n')
      .filter((line) => /^\|\s*[A-Z0-9]+(?:-[A-Z0-9]+)+\s*\|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .map((cells) => [cells[1]!, cells] as const),
  );

  it('has one row per catalogue ID with its current statement', () => {
    const problems = requirements.flatMap((r) => {
      const row = rows.get(r.id);
      if (row === undefined) return [`${r.id} has no row: add "| ${r.id} | ${r.statement} | ..."`];
      return row[2] === r.statement ? [] : [`${r.id}: the statement should read "${r.statement}"`];
    });
    expect(problems).toEqual([]);
    expect([...rows.keys()].filter((id) => !requirements.some((r) => r.id === id))).toEqual([]);
  });

  it('names the scenario file of every safespring requirement', () => {
    const missing = safespringIds.filter(
      (id) => !(rows.get(id)?.join(' ') ?? '').includes(`test/requirements/scenarios/${id}.json`),
    );
    expect(missing).toEqual([]);
  });
});
