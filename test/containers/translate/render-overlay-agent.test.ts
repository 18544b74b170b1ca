/** The overlay agent's pure rendering: forwarding table per overlay and path, vNIC MTUs, reconcile. */
import { describe, expect, it } from 'vitest';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import {
  REFERENCE_OVERLAY,
  desiredFdb,
  fdbBatch,
  mtuCommands,
} from '../../../containers/translate/index.ts';

const host = (name: string, pdc: string, n: number, overlays: string[]) => ({
  name,
  site: 'dc',
  publicIp: `192.0.2.${10 + n}`,
  adminIp: `169.254.16.${n}`,
  uplink: 'ext0',
  enter: [],
  plumbing: 'overlay' as const,
  bridges: [],
  pdc,
  overlays: overlays.map((network, i) => ({ network, bridge: `ovb${i}`, vxlan: `ovx${i}` })),
});
const port = (instance: string, network: string, hostName: string, mac: string) => ({
  instance,
  network,
  host: hostName,
  mac,
  hostInterface: `v${instance}`,
  vnicEnter: ['enter', instance],
});
const state = {
  runId: 'ncabc',
  hosts: [host('cn1', 'a', 1, ['x']), host('cn2', 'a', 2, ['x']), host('cn3', 'b', 3, ['x', 'y'])],
  ports: [
    port('p1', 'x', 'cn1', '02:00:00:00:00:01'),
    port('p2', 'x', 'cn2', '02:00:00:00:00:02'),
    port('p3', 'x', 'cn3', '02:00:00:00:00:03'),
    port('q3', 'y', 'cn3', '02:00:00:00:00:04'),
  ],
  pools: [
    { network: 'x', kind: 'overlay', vni: 7, udpPort: 4790, mtu: 1400 },
    { network: 'y', kind: 'overlay', vni: 2, udpPort: 4793, mtu: 1300 },
  ],
} as unknown as DriverState;
const lines = (entries: ReturnType<typeof desiredFdb>) =>
  entries.map((e) => `${e.device} ${e.mac} ${e.dst} ${e.port}/${e.vni}`);

describe('render-overlay-agent', () => {
  it("holds each remote instance of the device's overlay, and a flood entry per peer host, at the path's address", () => {
    expect(lines(desiredFdb(state, 'cn1', REFERENCE_OVERLAY))).toEqual([
      'ovx0 02:00:00:00:00:02 169.254.16.2 4790/7',
      'ovx0 00:00:00:00:00:00 169.254.16.2 4790/7',
      'ovx0 02:00:00:00:00:03 192.0.2.13 4790/7',
      'ovx0 00:00:00:00:00:00 192.0.2.13 4790/7',
    ]);
  });
  it('sends same-PDC peers to public addresses when every peer is treated as remote', () => {
    const remote = { ...REFERENCE_OVERLAY, samePdcOverAdmin: false };
    expect(lines(desiredFdb(state, 'cn1', remote))[0]).toBe(
      'ovx0 02:00:00:00:00:02 192.0.2.12 4790/7',
    );
  });
  it("puts another overlay's instances, with their VNI and port, in a shared table", () => {
    const shared = { ...REFERENCE_OVERLAY, arpTablePerOverlay: false };
    expect(lines(desiredFdb(state, 'cn1', shared))).toContain(
      'ovx0 02:00:00:00:00:04 192.0.2.13 4793/2',
    );
    expect(lines(desiredFdb(state, 'cn1', REFERENCE_OVERLAY)).join()).not.toContain('4793/2');
  });
  it("sets the vNIC (both ends), bridge and VXLAN device to the overlay's MTU, or 1500", () => {
    const cmd = mtuCommands(state, 'cn3', REFERENCE_OVERLAY);
    expect(cmd.host.map((c) => c.slice(4).join(' '))).toEqual([
      'ovx0 mtu 1400',
      'ovb0 mtu 1400',
      'ovx1 mtu 1300',
      'ovb1 mtu 1300',
      'vp3 mtu 1400',
      'vq3 mtu 1300',
    ]);
    expect(cmd.vnic[1]?.join(' ')).toBe('enter q3 ip link set dev eth0 mtu 1300');
    const ethernet = mtuCommands(state, 'cn3', { ...REFERENCE_OVERLAY, mtuFromOverlay: false });
    expect(ethernet.vnic.map((c) => c.at(-1))).toEqual(['1500', '1500']);
  });
  it('reconciles: removes what is not wanted, appends what is missing, keeps the rest', () => {
    const want = desiredFdb(state, 'cn1', REFERENCE_OVERLAY);
    const stale = { ...want[0]!, dst: '192.0.2.12' };
    expect(fdbBatch([stale, ...want.slice(1)], want)).toEqual([
      'fdb del 02:00:00:00:00:02 dev ovx0 dst 192.0.2.12 port 4790 vni 7',
      'fdb append 02:00:00:00:00:02 dev ovx0 dst 169.254.16.2 port 4790 vni 7',
    ]);
    expect(fdbBatch(want, want)).toEqual([]);
  });
});
