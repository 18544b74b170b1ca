import { describe, expect, it } from 'vitest';
import {
  builtinDriverNames,
  createDriver,
  mutantCatalogue,
  mutantNames,
  mutantsFor,
} from '../../../containers/drivers/index.ts';
import { neutronInstalled } from '../../../containers/drivers/neutron/index.ts';
import { ExitCode, UsageError } from '../../../harness/dataplane/exit-codes.ts';

describe('driver registry', () => {
  it('creates the reference driver and every mutant by name', () => {
    expect(createDriver('reference').name).toBe('reference');
    for (const name of mutantNames())
      expect(createDriver(`mutant:${name}`).name).toBe(`mutant:${name}`);
    expect(builtinDriverNames()).toEqual([
      'reference',
      'neutron-iptables',
      ...mutantNames().map((n) => `mutant:${n}`),
    ]);
  });

  it('creates neutron-iptables when python3-neutron is installed, else names the setup command', () => {
    if (neutronInstalled()) {
      expect(createDriver('neutron-iptables').name).toBe('neutron-iptables');
    } else {
      expect(() => createDriver('neutron-iptables')).toThrow(/setup-neutron\.sh/);
    }
  });

  it('rejects unknown names with a usage error listing the valid ones', () => {
    const attempt = (spec: string): UsageError => {
      try {
        createDriver(spec);
      } catch (error) {
        return error as UsageError;
      }
      throw new Error(`createDriver(${spec}) did not throw`);
    };
    const unknown = attempt('bogus');
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown.exitCode).toBe(ExitCode.badInput);
    expect(unknown.message).toContain('mutant:stateless');
    expect(attempt('mutant:nope').message).toMatch(/unknown mutant "nope".*first-group-only/);
  });

  it('exposes each mutant metadata without its implementation', () => {
    const stateless = mutantCatalogue().find((m) => m.name === 'stateless');
    expect(stateless).toEqual({
      name: 'stateless',
      origin: expect.any(String),
      requirements: ['CT-REPLY'],
      witness: expect.any(String),
    });
  });
});

describe('mutantsFor', () => {
  it('gives danube only its overlay mutants: it has no security groups to break', () => {
    const names = mutantsFor('danube').map((m) => m.name);
    expect(names).toHaveLength(7);
    expect(names).toEqual(expect.arrayContaining(['mtu-1500', 'vni-crosstalk']));
    expect(names).not.toContain('stateless');
  });

  it('leaves host NAT mutants to profiles whose hosts NAT, and keeps every safespring one', () => {
    for (const profile of ['cloudstack', 'neutron'] as const) {
      const names = mutantsFor(profile).map((m) => m.name);
      expect(names).not.toContain('no-masquerade');
      expect(names).toContain('stateless');
    }
    expect(mutantsFor('safespring').map((m) => m.name)).toEqual(
      mutantCatalogue()
        .filter((m) => m.profiles === undefined || m.profiles.includes('safespring'))
        .map((m) => m.name),
    );
  });
});
