/**
 * The building blocks: generated topologies follow the address plan and the
 * profile's network kinds; `stepsArbitrary` works against any schema topology,
 * including a hand-written one with allocated addresses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepsArbitrary, topologyArbitrary } from '../../../harness/arbitraries/index.ts';
import { parseScenario, type ProfileName, type ScenarioInput } from '../../../spec/index.ts';

describe.each<ProfileName>(['safespring', 'cloudstack', 'neutron'])(
  'topologyArbitrary(%s)',
  (profile) => {
    const options = { profile, maxSteps: 0, maxInstances: 5, maxSites: 4 };

    it('builds valid topologies with every network kind of the profile on every site', () => {
      const kinds =
        profile === 'safespring'
          ? ['nat', 'private', 'public']
          : profile === 'neutron'
            ? ['nat', 'public']
            : ['public'];
      fc.assert(
        fc.property(topologyArbitrary(options), (topology) => {
          const parsed = parseScenario({ profile, topology, steps: [] });
          expect(parsed.ok ? [] : parsed.issues).toEqual([]);
          for (const site of topology.sites) {
            const here = (topology.networks ?? []).filter((n) => n.site === site.name);
            expect(here.map((n) => n.kind).sort()).toEqual(kinds);
          }
          // Explicit addresses everywhere: allocation is trivial and visible in repros.
          expect((topology.instances ?? []).every((i) => i.ip !== undefined)).toBe(true);
          expect((topology.hosts ?? []).every((h) => h.publicIp?.startsWith('192.0.2.'))).toBe(
            true,
          );
          expect((topology.externals ?? []).every((e) => e.ip?.startsWith('203.0.113.'))).toBe(
            true,
          );
          // neutron: every site's virtual router has its address written out too.
          const routers = topology.sites.map((s) => s.routerIp);
          if (profile === 'neutron')
            expect(routers.every((r) => r?.startsWith('192.0.2.'))).toBe(true);
          else expect(routers.every((r) => r === undefined)).toBe(true);
        }),
        { seed: 111, numRuns: 300 },
      );
    });

    it("puts cloudstack instances only in their own account's groups", () => {
      fc.assert(
        fc.property(topologyArbitrary(options), (topology) => {
          const accountOf = new Map((topology.groups ?? []).map((g) => [g.name, g.account]));
          for (const i of topology.instances ?? []) {
            for (const g of i.groups ?? []) expect(accountOf.get(g)).toBe(i.account);
          }
        }),
        { seed: 112, numRuns: 200 },
      );
    });
  },
);

describe('stepsArbitrary on a hand-written topology', () => {
  const topology: ScenarioInput['topology'] = {
    sites: [{ name: 'sto1' }],
    networks: [
      { name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/26' },
      { name: 'nat', site: 'sto1', kind: 'nat', cidr: '100.64.0.0/24' },
    ],
    hosts: [{ name: 'cmp1', site: 'sto1' }],
    instances: [
      { name: 'web', network: 'pub', host: 'cmp1', groups: ['web'] },
      { name: 'app', network: 'nat', host: 'cmp1', groups: [] },
    ],
    externals: [{ name: 'internet' }],
    groups: [{ name: 'web', rules: [] }],
  };

  it('only names things of that topology and keeps it valid', () => {
    const names = new Set(['web', 'app', 'internet']);
    fc.assert(
      fc.property(
        stepsArbitrary(topology, { profile: 'safespring', maxSteps: 8, maxInstances: 2 }),
        (steps) => {
          const parsed = parseScenario({ profile: 'safespring', topology, steps });
          expect(parsed.ok ? [] : parsed.issues).toEqual([]);
          for (const s of steps) {
            if ('to' in s) expect(names.has(s.from) && names.has(s.to)).toBe(true);
            if ('group' in s) expect(s.group).toBe('web');
          }
        },
      ),
      { seed: 113, numRuns: 300 },
    );
  });
});
