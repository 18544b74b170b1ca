/** Reading JSON result files as data: a failure is a message naming the file and the field. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export type Loaded<T> =
  | { readonly kind: 'loaded'; readonly value: T }
  | { readonly kind: 'invalid'; readonly message: string };

/** The first few schema issues as `path: message; ...`. */
export const issues = (error: z.ZodError): string =>
  error.issues
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .slice(0, 5)
    .join('; ');

/** Parses `file` as JSON; a missing or garbled file is `invalid` with the reason. */
export async function readJson(file: string): Promise<Loaded<unknown>> {
  try {
    return { kind: 'loaded', value: JSON.parse(await readFile(file, 'utf8')) as unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { kind: 'invalid', message: `${file}: ${why}` };
  }
}
