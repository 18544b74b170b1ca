/**
 * Driver names as users type them (`--driver reference`, `mutant:stateless`) and the
 * drivers they create.
 */
import type { FirewallDriver } from '../../harness/dataplane/index.ts';
import { UsageError } from '../../harness/dataplane/exit-codes.ts';
import { MUTANTS, createMutantDriver, mutantInfo, type MutantInfo } from './mutants/index.ts';
import { createReferenceDriver } from './reference-driver.ts';
import { createExecDriver } from './exec/index.ts';

const MUTANT_PREFIX = 'mutant:';

/** Names of the built-in mutants (without the `mutant:` prefix). */
export function mutantNames(): string[] {
  return MUTANTS.map((m) => m.name);
}

/** Metadata of every built-in mutant, for the `mutants` command. */
export function mutantCatalogue(): MutantInfo[] {
  return MUTANTS.map(mutantInfo);
}

/** Every built-in driver spec `createDriver` accepts: `reference` and each `mutant:NAME`. */
export function builtinDriverNames(): string[] {
  return ['reference', ...mutantNames().map((n) => `${MUTANT_PREFIX}${n}`)];
}

/**
 * Creates a fresh driver for `spec`; throws `UsageError` (exit 2) listing the valid
 * names when `spec` names no driver. Create one per run: some mutants hold memory.
 */
export function createDriver(spec: string): FirewallDriver {
  if (spec === 'reference') return createReferenceDriver();
  if (spec.startsWith(MUTANT_PREFIX)) {
    const name = spec.slice(MUTANT_PREFIX.length);
    const mutant = MUTANTS.find((m) => m.name === name);
    if (mutant !== undefined) return createMutantDriver(mutant);
    throw new UsageError(
      `unknown mutant "${name}" in --driver ${spec}; valid mutants: ${mutantNames().join(', ')}`,
    );
  }
  // External drivers (containers/drivers/exec/, docs/drivers.md).
  if (spec.startsWith('exec:')) return createExecDriver(spec.slice('exec:'.length));
  if (spec.startsWith('exec-serve:')) {
    return createExecDriver(spec.slice('exec-serve:'.length), { serve: true });
  }
  throw new UsageError(
    `unknown driver "${spec}"; valid drivers: ${builtinDriverNames().join(', ')}, exec:PATH, exec-serve:PATH`,
  );
}
