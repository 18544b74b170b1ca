/** Helpers to read rendered nft text in tests. */

/** The lines of `chain NAME { ... }` (trimmed, without the braces); [] if absent. */
export function chainBody(script: string, chain: string): string[] {
  const lines = script.split('\n');
  const start = lines.findIndex((l) => l.trim() === `chain ${chain} {`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '}');
  return lines.slice(start + 1, end).map((l) => l.trim());
}

/** The `elements = { ... }` of `set NAME`, or undefined when the set is not declared. */
export function setElements(script: string, set: string): string[] | undefined {
  const lines = script.split('\n');
  const start = lines.findIndex((l) => l.trim() === `set ${set} {`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.trim() === '}');
  const elements = lines.slice(start + 1, end).find((l) => l.trim().startsWith('elements'));
  if (elements === undefined) return [];
  return /\{(.*)\}/
    .exec(elements)![1]!
    .split(',')
    .map((e) => e.trim());
}
