/**
 * `--driver` values as data: the one parser of the text users type (`reference`,
 * `mutant:NAME`, `exec:PATH`, `exec-serve:PATH`) and its inverse. Every command,
 * record and the driver registry go through these; adding a built-in driver is one
 * entry in `BUILTIN_DRIVERS`.
 */
import { z } from 'zod';
import { UsageError } from './exit-codes.ts';

/** Built-in drivers named by a bare word (`--driver reference`). */
export const BUILTIN_DRIVERS = ['reference', 'neutron-iptables'] as const;

export const BuiltinDriverName = z.enum(BUILTIN_DRIVERS);
export type BuiltinDriverName = z.infer<typeof BuiltinDriverName>;

/** A parsed `--driver` value. Mutant names are checked against the catalogue by the registry. */
export const DriverSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), name: BuiltinDriverName }),
  z.object({ kind: z.literal('mutant'), name: z.string().min(1) }),
  /** An external command; `serve` keeps one `PATH serve` process (docs/drivers.md). */
  z.object({ kind: z.literal('exec'), path: z.string().min(1), serve: z.boolean() }),
]);
export type DriverSpec = z.infer<typeof DriverSpec>;

const MUTANT_PREFIX = 'mutant:';
const EXEC_PREFIXES = { 'exec:': false, 'exec-serve:': true } as const;

/** What `--driver` accepts, for help texts and errors. */
export const DRIVER_SPEC_FORMS = [
  ...BUILTIN_DRIVERS,
  'mutant:NAME',
  'exec:PATH',
  'exec-serve:PATH',
];

/** The driver spec `text` names, or a message saying what is wrong with it. */
export function readDriverSpec(text: string): DriverSpec | { readonly error: string } {
  const valid = `valid drivers: ${DRIVER_SPEC_FORMS.join(', ')}`;
  const builtin = BuiltinDriverName.safeParse(text);
  if (builtin.success) return { kind: 'builtin', name: builtin.data };
  if (text.startsWith(MUTANT_PREFIX)) {
    const name = text.slice(MUTANT_PREFIX.length);
    return name === ''
      ? {
          error: `"${text}" names no mutant; write mutant:NAME (\`netconform mutants\` lists them)`,
        }
      : { kind: 'mutant', name };
  }
  for (const [prefix, serve] of Object.entries(EXEC_PREFIXES))
    if (text.startsWith(prefix)) {
      const path = text.slice(prefix.length);
      return path === ''
        ? { error: `"${text}" names no program; write ${prefix}PATH` }
        : { kind: 'exec', path, serve };
    }
  return { error: `unknown driver "${text}"; ${valid}` };
}

/** Parses `--driver text`; a bad value throws `UsageError` (exit 2) naming the valid forms. */
export function parseDriverSpec(text: string): DriverSpec {
  const spec = readDriverSpec(text);
  if ('error' in spec) throw new UsageError(`--driver: ${spec.error}`);
  return spec;
}

/** The text of `spec`, as users type it and records store it. */
export function formatDriverSpec(spec: DriverSpec): string {
  switch (spec.kind) {
    case 'builtin':
      return spec.name;
    case 'mutant':
      return `${MUTANT_PREFIX}${spec.name}`;
    case 'exec':
      return `${spec.serve ? 'exec-serve:' : 'exec:'}${spec.path}`;
  }
}

/** The driver spec of the built-in mutant `name`. */
export const mutantDriverSpec = (name: string): DriverSpec => ({ kind: 'mutant', name });

/** A mutant name as `--only` accepts it: `NAME` or `mutant:NAME`. */
export function mutantNameOf(text: string): string {
  const spec = readDriverSpec(text);
  return 'error' in spec || spec.kind !== 'mutant' ? text : spec.name;
}

/** Every dataplane backend's name (`--backend`); one entry per backend of containers/backends. */
export const BACKEND_NAMES = ['netns', 'docker'] as const;

export const BackendName = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof BackendName>;

/** Parses `--backend text`; a bad value throws `UsageError` (exit 2) listing the valid names. */
export function parseBackendName(text: string): BackendName {
  const parsed = BackendName.safeParse(text);
  if (parsed.success) return parsed.data;
  throw new UsageError(`unknown --backend "${text}"; valid backends: ${BACKEND_NAMES.join(', ')}`);
}
