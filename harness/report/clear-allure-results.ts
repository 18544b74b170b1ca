/**
 * Removes netconform's earlier results from an Allure results directory, so the
 * directory holds only the run being written (old runs are not shown as the current
 * state). Other tools' results in the same directory (the test suite's allure-vitest
 * results) are kept.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

interface Attached {
  readonly labels?: readonly { readonly name?: string; readonly value?: string }[];
  readonly attachments?: readonly { readonly source?: string }[];
  readonly steps?: readonly Attached[];
}

function sources(node: Attached): string[] {
  return [
    ...(node.attachments ?? []).flatMap((a) => (a.source === undefined ? [] : [a.source])),
    ...(node.steps ?? []).flatMap(sources),
  ];
}

function readResult(text: string): Attached | null {
  try {
    return JSON.parse(text) as Attached;
  } catch {
    return null;
  }
}

/** Deletes every `*-result.json` labelled `framework: netconform` in `dir`, and its attachments. */
export async function clearNetconformResults(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0; // no directory yet: nothing to clear
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('-result.json'))) {
    const result = readResult(await readFile(join(dir, name), 'utf8'));
    const ours = result?.labels?.some((l) => l.name === 'framework' && l.value === 'netconform');
    if (result === null || ours !== true) continue;
    // Attachment names come from the file: only plain names inside `dir` are removed.
    const files = [name, ...sources(result).filter((s) => /^[\w.-]+$/.test(s))];
    await Promise.all(files.map((f) => rm(join(dir, f), { force: true })));
    removed += 1;
  }
  return removed;
}
