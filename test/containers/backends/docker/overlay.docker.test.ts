/**
 * Danube overlay plumbing on the Docker backend: hosts, admin networks and the internet
 * router are containers joined by VXLAN links. With the platform agent's part applied
 * (vNIC MTUs, static forwarding table; no encryption, no firewall) the overlays carry
 * real packets within a PDC and across PDCs; an eavesdropper in the internet router's
 * container sees a cross-PDC token in clear, evidenced on the harness's link with the
 * hosts' public addresses, not on Docker's own interface; destroy + drain leave nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainDockerStock } from '../../../../containers/backends/index.ts';
import { applyOverlayAgent } from '../../../../containers/drivers/index.ts';
import { REFERENCE_OVERLAY } from '../../../../containers/translate/index.ts';
import { buildDriverState } from '../../../../harness/dataplane/build-driver-state.ts';
import type { Dataplane } from '../../../../harness/dataplane/index.ts';
import { initialState, parseScenario } from '../../../../spec/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { settledProbe } from '../../../support/settled-probe.ts';
import { containersOf, namespacesOf, networksOf } from './docker-engine.ts';

const { backend } = backendUnderTest('docker');
const file = new URL('../../../../examples/danube-overlays.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('examples/danube-overlays.json must be valid');
const topology = parsed.scenario.topology;
const ipOf = (name: string): string => topology.instances.find((i) => i.name === name)?.ip ?? '?';
const publicIpOf = (instance: string): string => {
  const host = topology.instances.find((i) => i.name === instance)?.host;
  return topology.hosts.find((h) => h.name === host)?.publicIp ?? '?';
};

let dp: Dataplane | undefined;
const dataplane = (): Dataplane => {
  if (dp === undefined) throw new Error('the overlay Docker dataplane was not built (beforeAll)');
  return dp;
};

beforeAll(async () => {
  dp = await backend.create(topology, { probeTimeoutMs: 1_000 });
  const state = buildDriverState(initialState(parsed.scenario), dp.layout, 1);
  const results = await Promise.all(
    state.hosts.map((h) => applyOverlayAgent(state, h, REFERENCE_OVERLAY)),
  );
  expect(results.filter((r) => r.kind !== 'ok')).toEqual([]);
});
afterAll(async () => {
  await dp?.destroy();
});

describe('danube overlay plumbing (docker), the agent applied (no driver policy)', () => {
  for (const [label, from, to] of [
    ['same PDC, over the admin network', 'web', 'db'],
    ['across PDCs, over the Internet', 'web', 'app'],
  ] as const)
    it(`${label}: udp ${from} -> ${to} arrives from ${from}'s address`, async () => {
      const seen = await settledProbe(dataplane(), {
        kind: 'probe',
        from,
        to,
        protocol: 'udp',
        port: 7000,
      });
      expect(seen).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf(from) });
    });

  it("an eavesdropper on the Internet sees a cross-PDC token in clear, on the harness's link", async () => {
    const seen = await dataplane().perform({
      kind: 'overlay',
      from: 'web',
      to: 'app',
      probe: { what: 'eavesdrop', port: 8080, link: 'internet' },
    });
    expect(seen).toMatchObject({ kind: 'observed', delivered: true });
    const capture = seen.kind === 'observed' ? seen.capture : undefined;
    expect(capture?.interface).not.toMatch(/^eth\d+$/);
    expect(capture).toMatchObject({ src: publicIpOf('web'), dst: publicIpOf('app') });
  });

  it('leaves nothing once destroyed and the parked containers drained', async () => {
    const run = dataplane().layout.runId;
    await dp?.destroy();
    dp = undefined;
    await drainDockerStock();
    expect(await containersOf(run)).toEqual([]);
    expect(await networksOf(run)).toEqual([]);
    expect(await namespacesOf(run)).toEqual([]);
  });
});
