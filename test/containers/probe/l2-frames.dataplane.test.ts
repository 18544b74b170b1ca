/**
 * The raw-frame probes on a hand-built bridged segment (one host namespace with a
 * Linux bridge, three instance namespaces): on a bare bridge every L2 probe's frame
 * arrives (so each probe can see a leak), and the bridge table of `render-l2.ts`
 * stops every one of them while ordinary traffic and a legitimate ARP still pass.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeController } from '../../../containers/probe/index.ts';
import {
  REFERENCE_L2,
  renderL2Table,
  type L2Options,
} from '../../../containers/translate/index.ts';
import type { L2Probe, TrafficAction } from '../../../harness/dataplane/index.ts';
import { settledProbe } from '../../support/settled-probe.ts';

const P = `ncl2t${process.pid % 100000}`;
const HOST = `${P}-h`;
const VMS = [
  { name: 'a', ip: '198.51.100.1', mac: '02:00:00:00:00:0a' },
  { name: 'b', ip: '198.51.100.2', mac: '02:00:00:00:00:0b' },
  { name: 'c', ip: '198.51.100.3', mac: '02:00:00:00:00:0c' },
];
const ns = (vm: string) => `${P}-${vm}`;
const dev = (vm: string) => `${P}${vm}`;
const sh = (...argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { stdio: 'pipe' });
const inHost = (...argv: string[]) => sh('ip', 'netns', 'exec', HOST, ...argv);

let controller: ProbeController;

function applyL2(options: L2Options) {
  const script = renderL2Table(
    VMS.map((v) => ({ instance: v.name, device: dev(v.name), mac: v.mac, ips: [v.ip] })),
    options,
  );
  const file = `/tmp/${P}.nft`;
  writeFileSync(file, script);
  inHost('nft', '-f', file);
}

beforeAll(() => {
  sh('ip', 'netns', 'add', HOST);
  inHost('ip', 'link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0');
  inHost('ip', 'link', 'set', 'br0', 'up');
  for (const v of VMS) {
    sh('ip', 'netns', 'add', ns(v.name));
    inHost('ip', 'link', 'add', dev(v.name), 'type', 'veth', 'peer', 'eth0', 'netns', ns(v.name));
    inHost('ip', 'link', 'set', dev(v.name), 'master', 'br0', 'up');
    const inVm = (...argv: string[]) => sh('ip', 'netns', 'exec', ns(v.name), ...argv);
    inVm('ip', 'link', 'set', 'eth0', 'address', v.mac, 'up');
    inVm('ip', 'address', 'add', `${v.ip}/24`, 'dev', 'eth0');
  }
  controller = new ProbeController(
    new Map(
      VMS.map((v) => [
        v.name,
        { name: v.name, ip: v.ip, enter: ['ip', 'netns', 'exec', ns(v.name)] },
      ]),
    ),
    { probeTimeoutMs: 700 },
  );
}, 30_000);

afterAll(async () => {
  await controller?.close();
  for (const n of [HOST, ...VMS.map((v) => ns(v.name))]) {
    try {
      sh('ip', 'netns', 'delete', n);
    } catch {
      // already gone
    }
  }
});

const PROBES: readonly L2Probe[] = [
  { what: 'macSpoof', port: 5353 },
  { what: 'arpSpoof', claimed: '198.51.100.3', gratuitous: false },
  { what: 'arpSpoof', claimed: '198.51.100.254', gratuitous: true },
  { what: 'broadcast', port: 5353, multicast: false },
  { what: 'broadcast', port: 5353, multicast: true },
  { what: 'rogueDhcp' },
  { what: 'snoop', port: 5353 },
];

const l2 = (probe: L2Probe): TrafficAction => ({ kind: 'l2', from: 'a', to: 'b', probe });
const delivered = async (action: TrafficAction) => {
  const o = await settledProbe(controller, action);
  return o.kind === 'observed' ? o.delivered : `inconclusive: ${o.reason}`;
};

describe('L2 probes on a hand-built bridge', () => {
  it('see every frame arrive on a bare bridge', async () => {
    for (const probe of PROBES) expect([probe, await delivered(l2(probe))]).toEqual([probe, true]);
  }, 60_000);

  it('see none arrive through the reference bridge table; ordinary traffic still passes', async () => {
    applyL2(REFERENCE_L2);
    for (const probe of PROBES) expect([probe, await delivered(l2(probe))]).toEqual([probe, false]);
    const probe: TrafficAction = { kind: 'probe', from: 'a', to: 'b', protocol: 'udp', port: 5353 };
    expect(await delivered(probe)).toBe(true);
    // A's own address is not a spoof: its ARP reply reaches b.
    const own = l2({ what: 'arpSpoof', claimed: '198.51.100.1', gratuitous: false });
    expect(await delivered(own)).toBe(true);
  }, 60_000);
  it('each check turned off lets its own probe through (the mutants of the L2 promises)', async () => {
    const cases: [keyof L2Options, L2Probe][] = [
      ['sourceMac', { what: 'macSpoof', port: 5353 }],
      ['arpClaims', { what: 'arpSpoof', claimed: '198.51.100.3', gratuitous: false }],
      ['dropBum', { what: 'broadcast', port: 5353, multicast: true }],
      ['dropDhcpServer', { what: 'rogueDhcp' }],
      ['onlyOwnUnicast', { what: 'snoop', port: 5353 }],
    ];
    for (const [option, probe] of cases) {
      applyL2({ ...REFERENCE_L2, [option]: false });
      expect([option, await delivered(l2(probe))]).toEqual([option, true]);
    }
  }, 60_000);
});
