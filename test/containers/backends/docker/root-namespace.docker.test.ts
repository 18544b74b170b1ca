/**
 * The machine's own network namespace during and after a Docker run: the run's
 * bridges carry no address or route (internal networks with inhibit_ipv4), no sysctl
 * changes, and once the run is destroyed and its parked containers drained the
 * engine's per-network firewall rules and bridges are gone again. (The engine, not
 * netconform, adds and removes those.) Other netconform runs on the machine (other
 * test files, other users) add and remove their own bridges meanwhile: those, the
 * links enslaved to them and the rules naming them are left out of the comparison;
 * this run's never are.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { dockerBackend, drainDockerStock } from '../../../../containers/backends/index.ts';
import { isDeepStrictEqual } from 'node:util';
import { leavingOut, otherRunBridges, rootState } from './root-state.ts';
import { networksOf } from './docker-engine.ts';
import { twoSiteTopology } from '../../../../fixtures/topologies.ts';
import { settledProbe } from '../../../support/settled-probe.ts';

describe('root namespace around a docker run', () => {
  it('gains no address, route, rule or sysctl during a run, and is as before after destroy', async () => {
    await dockerBackend.preflight();
    // No network is this run's yet: every netconform bridge now is another run's.
    const others = await otherRunBridges('');
    const before = await rootState();
    const dp = await dockerBackend.create(twoSiteTopology(), { probeTimeoutMs: 300 });
    const own = dp.layout.runId;
    try {
      const seen = await settledProbe(dp, {
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
      expect(await networksOf(own)).not.toEqual([]);
      expect(leavingOut(during, others).links).not.toBe(leavingOut(before, others).links);
    } finally {
      await dp.destroy();
      await drainDockerStock();
    }
    const compared = async () => {
      for (const bridge of await otherRunBridges(own)) others.add(bridge);
      return [leavingOut(await rootState(), others), leavingOut(before, others)] as const;
    };
    let [after, expected] = await compared();
    if (!isDeepStrictEqual(after, expected)) {
      // The engine plumbing another run's container shows a veth pair with both ends
      // here for a moment: a second reading no longer has it; anything of this run's
      // left behind is still there.
      await sleep(2_000);
      [after, expected] = await compared();
    }
    expect(after).toEqual(expected);
  });
});
