/**
 * The one entry point for scenario input: shape (zod), cross-references, address
 * allocation and profile defaults. Results as data: never throws on bad input.
 */
import { profiles } from '../profiles/index.ts';
import { Scenario } from '../schema/scenario.ts';
import type { ResolvedScenario } from '../model/types.ts';
import { allocateAddresses } from './allocate.ts';
import { checkAddresses } from './check-addresses.ts';
import { checkNames } from './check-names.ts';
import { checkReferences } from './check-references.ts';
import { checkRulesAndSteps } from './check-rules-steps.ts';
import type { ScenarioIssue } from './issue.ts';
import { resolveTopology } from './resolve.ts';
import { schemaIssues } from './schema-issues.ts';

export type ParseResult =
  { ok: true; scenario: ResolvedScenario } | { ok: false; issues: ScenarioIssue[] };

/** Validates and resolves a scenario (plain JSON, e.g. `JSON.parse` of a file). */
export function parseScenario(input: unknown): ParseResult {
  const shape = Scenario.safeParse(input);
  if (!shape.success) return { ok: false, issues: schemaIssues(shape.error) };
  const scenario = shape.data;
  const profile = profiles[scenario.profile];
  const issues = [
    ...checkNames(scenario),
    ...checkReferences(scenario, profile),
    ...checkAddresses(scenario),
    ...checkRulesAndSteps(scenario),
  ];
  if (issues.length > 0) return { ok: false, issues };
  const allocation = allocateAddresses(scenario);
  if (!allocation.ok) return { ok: false, issues: allocation.issues };
  return {
    ok: true,
    scenario: {
      profile: scenario.profile,
      ...(scenario.description === undefined ? {} : { description: scenario.description }),
      topology: resolveTopology(scenario, profile, allocation.allocation),
      steps: scenario.steps,
    },
  };
}
