/** Problems found in a scenario file, as data, and their human rendering. */

/** One problem: where (a JSON path), what, and how to fix it. */
export interface ScenarioIssue {
  /** Like `topology.instances[2].network`; `(scenario)` for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly hint: string;
}

/** `['topology', 'instances', 2, 'network']` -> `topology.instances[2].network`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(scenario)' : out;
}

/** Builds an issue from a path given as segments. */
export function issue(path: readonly PropertyKey[], message: string, hint: string): ScenarioIssue {
  return { path: formatPath(path), message, hint };
}

/** Human text, one issue per line: `<path>: <message> (hint: ...)`. */
export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message} (hint: ${i.hint})`).join('\n');
}
