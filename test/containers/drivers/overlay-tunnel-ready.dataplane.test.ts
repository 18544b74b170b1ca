/**
 * The overlay driver routes through a tunnel's TUN device only once OpenVPN has set it
 * up with its inner address: a device that merely exists (OpenVPN creates it first) made
 * `ip route ... dev` fail under load. Played here with a TUN device in a throwaway
 * namespace configured late, as OpenVPN does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForTunnelDevice } from '../../../containers/drivers/overlay-daemons.ts';
import { createThrowawayNetns, type ThrowawayNetns } from './throwaway-netns.ts';

let ns: ThrowawayNetns;
beforeAll(async () => {
  ns = await createThrowawayNetns('tunready');
});
afterAll(async () => {
  await ns?.delete();
});

describe('waitForTunnelDevice', () => {
  it('waits while the device exists but is down and unaddressed, then returns ready', async () => {
    await ns.run(['ip', 'tuntap', 'add', 'dev', 'ncov9', 'mode', 'tun']);
    const t0 = Date.now();
    const waiting = waitForTunnelDevice(ns.enter, 'ncov9', '169.254.70.1', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    // OpenVPN's order: the device is set up, then addressed (point to point).
    await ns.run(['ip', 'link', 'set', 'ncov9', 'up']);
    await ns.run(['ip', 'address', 'add', '169.254.70.1', 'peer', '169.254.70.2', 'dev', 'ncov9']);
    expect(await waiting).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    // Ready is what a route through the device needs.
    await ns.run(['ip', 'route', 'replace', '192.0.2.20/32', 'dev', 'ncov9', 'table', '103']);
  });

  it('says why when the device stays down past the limit', async () => {
    await ns.run(['ip', 'tuntap', 'add', 'dev', 'ncov8', 'mode', 'tun']);
    expect(await waitForTunnelDevice(ns.enter, 'ncov8', '169.254.71.1', 500)).toBe(
      'ncov8 not ready after 500 ms: the device is down',
    );
  });

  it('says why when the device never appears', async () => {
    expect(await waitForTunnelDevice(ns.enter, 'ncov7', '169.254.72.1', 300)).toMatch(
      /^ncov7 not ready after 300 ms: Device "ncov7" does not exist/,
    );
  });
});
