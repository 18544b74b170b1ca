/**
 * The one entry point for scenario input: shape (zod), size limits, cross-references,
 * address allocation and profile defaults. Results as data: never throws on bad input.
 */
import { profiles } from '../profiles/index.ts';
import { Scenario } from '../schema/scenario.ts';
import type { ResolvedScenario } from '../model/types.ts';
import { allocateAddresses } from './allocate.ts';
import { checkAddresses } from './check-addresses.ts';
import { checkLimits } from './check-limits.ts';
import { checkNames } from './check-names.ts';
import { checkOverlays } from './check-overlays.ts';
import { checkReferences } from './check-references.ts';
import { checkRulesAndSteps } from './check-rules-steps.ts';
import { strictStepIssues } from './check-step-names.ts';
import type { ScenarioIssue } from './issue.ts';
import { resolveTopology } from './resolve.ts';
import { schemaIssues } from './schema-issues.ts';

export type ParseResult =
  { ok: true; scenario: ResolvedScenario } | { ok: false; issues: ScenarioIssue[] };

/**
 * Validates and resolves a scenario (plain JSON). Lenient about steps: one naming
 * something absent is a model no-op, so generated and shrunk scenarios stay valid.
 */
export function parseScenario(input: unknown): ParseResult {
  const shape = Scenario.safeParse(input);
  if (!shape.success) return { ok: false, issues: schemaIssues(shape.error) };
  const scenario = shape.data;
  const tooLarge = checkLimits(scenario);
  if (tooLarge.length > 0) return { ok: false, issues: tooLarge };
  const profile = profiles[scenario.profile];
  const issues = [
    ...checkNames(scenario),
    ...checkReferences(scenario, profile),
    ...checkOverlays(scenario),
    ...checkAddresses(scenario),
    ...checkRulesAndSteps(scenario),
  ];
  if (issues.length > 0) return { ok: false, issues };
  const allocation = allocateAddresses(scenario, profile.natSource === 'router');
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

/**
 * `parseScenario` plus the strict step checks for files users write or load (`check`,
 * `explain`, `replay`, written repros): a step naming an instance, external, group, rule
 * or flow the scenario never has is an issue with a "did you mean" hint.
 */
export function parseStrictScenario(input: unknown): ParseResult {
  const parsed = parseScenario(input);
  if (!parsed.ok) return parsed;
  const issues = strictStepIssues(parsed.scenario);
  return issues.length > 0 ? { ok: false, issues } : parsed;
}
