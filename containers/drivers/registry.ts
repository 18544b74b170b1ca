/**
 * Driver names as users type them (`--driver reference`, `mutant:stateless`) and the
 * drivers they create.
 */
import type { FirewallDriver } from '../../harness/dataplane/index.ts';
import {
  BUILTIN_DRIVERS,
  formatDriverSpec,
  mutantDriverSpec,
  readDriverSpec,
  type BuiltinDriverName,
  type DriverSpec,
} from '../../harness/dataplane/driver-spec.ts';
import { UsageError } from '../../harness/dataplane/exit-codes.ts';
import { MUTANTS, createMutantDriver, mutantInfo, type MutantInfo } from './mutants/index.ts';
import { createReferenceDriver } from './reference-driver.ts';
import { createExecDriver } from './exec/index.ts';
import { createNeutronDriver } from './neutron/index.ts';
import { profiles, type ProfileName } from '../../spec/index.ts';

/** Names of the built-in mutants (without the `mutant:` prefix). */
export function mutantNames(): string[] {
  return MUTANTS.map((m) => m.name);
}

/** Metadata of every built-in mutant, for the `mutants` command. */
export function mutantCatalogue(): MutantInfo[] {
  return MUTANTS.map(mutantInfo);
}

/**
 * The mutants `profile` can catch: those listing it, and those listing no profile whose
 * requirements it promises (no security-group mutant on danube, no host NAT mutant
 * where the host NATs nothing).
 */
export function mutantsFor(profile: ProfileName): MutantInfo[] {
  const promised: readonly string[] = profiles[profile].requirements;
  return mutantCatalogue().filter((m) =>
    m.profiles === undefined
      ? m.requirements.some((id) => promised.includes(id))
      : m.profiles.includes(profile),
  );
}

/** Every built-in driver spec `createDriver` accepts: each built-in name and each `mutant:NAME`. */
export function builtinDriverNames(): string[] {
  return [
    ...BUILTIN_DRIVERS,
    ...mutantNames().map((name) => formatDriverSpec(mutantDriverSpec(name))),
  ];
}

/** The built-in drivers by name; a new built-in driver adds its entry here. */
const BUILTIN: Record<BuiltinDriverName, () => FirewallDriver> = {
  reference: createReferenceDriver,
  // OpenStack neutron's IptablesFirewallDriver in serve mode (containers/drivers/neutron/).
  'neutron-iptables': () => withName('neutron-iptables', createNeutronDriver()),
};

/** `driver` under its built-in name (messages of the exec layer still name the program). */
function withName(name: string, driver: FirewallDriver): FirewallDriver {
  return {
    name,
    apply: (state) => driver.apply(state),
    teardown: (state) => driver.teardown(state),
  };
}

/**
 * The driver `text` names (parsed by the one parser, `readDriverSpec`); throws
 * `UsageError` (exit 2) listing every built-in driver when it names none.
 */
export function parseDriver(text: string): DriverSpec {
  const spec = readDriverSpec(text);
  if ('error' in spec)
    throw new UsageError(
      `--driver: ${spec.error}; built-in drivers: ${builtinDriverNames().join(', ')}`,
    );
  if (spec.kind === 'mutant' && !mutantNames().includes(spec.name))
    throw new UsageError(
      `unknown mutant "${spec.name}" in --driver ${text}; valid mutants: ${mutantNames().join(', ')}`,
    );
  return spec;
}

/**
 * Creates a fresh driver for `spec` (text goes through `parseDriver`); throws
 * `UsageError` (exit 2) when it names no driver. Create one per run: some mutants
 * hold memory.
 */
export function createDriver(spec: DriverSpec | string): FirewallDriver {
  const parsed = typeof spec === 'string' ? parseDriver(spec) : spec;
  switch (parsed.kind) {
    case 'builtin':
      return BUILTIN[parsed.name]();
    case 'mutant': {
      const mutant = MUTANTS.find((m) => m.name === parsed.name);
      if (mutant !== undefined) return createMutantDriver(mutant);
      throw new UsageError(
        `unknown mutant "${parsed.name}"; valid mutants: ${mutantNames().join(', ')}`,
      );
    }
    case 'exec':
      // External drivers (containers/drivers/exec/, docs/drivers.md).
      return createExecDriver(parsed.path, { serve: parsed.serve });
  }
}
