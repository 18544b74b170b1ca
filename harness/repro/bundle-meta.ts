/** Finding the `meta.json` of a repro bundle from its `scenario.json`. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReproMeta } from './meta.ts';

export type BundleMetaRead =
  /** `file` is not a bundle's `scenario.json` (no `meta.json` beside it). */
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly path: string; readonly meta: ReproMeta }
  | { readonly kind: 'invalid'; readonly path: string; readonly message: string };

/** Reads the `meta.json` beside `scenarioPath` when that file is a bundle's `scenario.json`. */
export async function readBundleMeta(scenarioPath: string): Promise<BundleMetaRead> {
  if (basename(scenarioPath) !== 'scenario.json') return { kind: 'none' };
  const path = join(dirname(scenarioPath), 'meta.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', path, message: `not valid JSON: ${(error as Error).message}` };
  }
  const parsed = ReproMeta.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') ?? '';
    return {
      kind: 'invalid',
      path,
      message: `${where === '' ? '' : `${where}: `}${first?.message}`,
    };
  }
  return { kind: 'found', path, meta: parsed.data };
}
