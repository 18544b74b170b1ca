/** Parsing generated scenarios, which are valid by construction. */
import {
  formatIssues,
  parseScenario,
  type ResolvedScenario,
  type ScenarioInput,
} from '../../spec/index.ts';

/**
 * Parses and resolves a generated scenario. Throws when it is invalid: that is a bug
 * in the arbitraries (harness/arbitraries), not something a run can work around.
 */
export function resolveGenerated(input: ScenarioInput, what: string): ResolvedScenario {
  const parsed = parseScenario(input);
  if (parsed.ok) return parsed.scenario;
  throw new Error(
    `the generator produced an invalid scenario (${what}); fix harness/arbitraries:\n` +
      formatIssues(parsed.issues),
  );
}
