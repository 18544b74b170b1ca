/**
 * The machine's own network namespace during and after a Docker run: the run's
 * bridges carry no address or route (internal networks with inhibit_ipv4), no sysctl
 * changes, and once the run is destroyed and its parked containers drained the
 * engine's per-network firewall rules and bridges are gone again. (The engine, not
 * netconform, adds and removes those.)
 */
import { describe, expect, it } from 'vitest';
import { dockerBackend, drainDockerStock } from '../../../../containers/backends/index.ts';
import { rootState } from './root-state.ts';
import { twoSiteTopology } from '../../../../fixtures/topologies.ts';

describe('root namespace around a docker run', () => {
  it('gains no address, route, rule or sysctl during a run, and is as before after destroy', async () => {
    await dockerBackend.preflight();
    const before = await rootState();
    const dp = await dockerBackend.create(twoSiteTopology(), { probeTimeoutMs: 300 });
    try {
      const seen = await dp.perform({
        kind: 'probe',
        from: 'pub1',
        to: 'ext',
        protocol: 'udp',
        port: 53,
      });
      expect(seen).toMatchObject({ kind: 'observed', delivered: true });
      const during = await rootState();
      for (const key of ['addresses', 'routes', 'rules', 'sysctls'] as const) {
        expect(during[key], key).toBe(before[key]);
      }
      // The engine does add bridges: proof that this test looks at the right namespace.
      expect(during.links).not.toBe(before.links);
    } finally {
      await dp.destroy();
      await drainDockerStock();
    }
    expect(await rootState()).toEqual(before);
  });
});
