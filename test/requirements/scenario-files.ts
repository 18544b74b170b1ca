/**
 * Scenario files used by the requirement and regression tests: listing and loading
 * them through the same `parseScenario` entry point the CLI uses.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatIssues, parseScenario, type ResolvedScenario } from '../../spec/index.ts';

/** `test/requirements/scenarios/`: one `<ID>.json` per requirement. */
export const requirementScenarioDir = fileURLToPath(new URL('./scenarios/', import.meta.url));

/** `test/regressions/`: fixed bugs' repros, each a scenario file. */
export const regressionDir = fileURLToPath(new URL('../regressions/', import.meta.url));

/** The `*.json` file names in `dir`, sorted. */
export function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Reads and resolves a scenario file; throws naming the file and what to fix. */
export function loadScenario(path: string): ResolvedScenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read it as JSON: ${(error as Error).message}`);
  }
  const parsed = parseScenario(json);
  if (!parsed.ok)
    throw new Error(`${path} is not a valid scenario:\n${formatIssues(parsed.issues)}`);
  return parsed.scenario;
}

/** The scenario of requirement `id` (`scenarios/<id>.json`). */
export function requirementScenario(id: string): ResolvedScenario {
  return loadScenario(`${requirementScenarioDir}${id}.json`);
}
