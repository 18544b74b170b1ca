/** Reading a scenario file given on the command line, strictly (exit 2 with the issues). */
import { readFile } from 'node:fs/promises';
import { formatIssues, parseStrictScenario, type ResolvedScenario } from '../../../spec/index.ts';
import { UsageError } from '../../dataplane/exit-codes.ts';

/** Reads, parses and resolves `path`; throws `UsageError` naming what to fix. */
export async function loadScenarioFile(path: string): Promise<ResolvedScenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read scenario file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseStrictScenario(json);
  if (!parsed.ok) {
    throw new UsageError(`${path} is not a valid scenario:\n${formatIssues(parsed.issues)}`);
  }
  return parsed.scenario;
}
