/** The overlay driver's pure rendering: pairs across PDCs, tunnels, firewall, keys. */
import { describe, expect, it } from 'vitest';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import {
  REFERENCE_OVERLAY,
  crossPdcPairs,
  openvpnArgs,
  overlayPorts,
  renderOverlayFirewall,
  unencryptedPeers,
  staticKey,
  tunnelRouting,
  tunnelsOf,
} from '../../../containers/translate/index.ts';

const host = (name: string, pdc: string, publicIp: string) => ({
  name,
  site: 'dc',
  publicIp,
  uplink: 'ext0',
  enter: [],
  plumbing: 'overlay' as const,
  bridges: [],
  pdc,
});
const state = {
  runId: 'ncabc',
  hosts: [
    host('cn3', 'b', '192.0.2.13'),
    host('cn1', 'a', '192.0.2.11'),
    host('cn2', 'a', '192.0.2.12'),
  ],
  pools: [
    { site: 'dc', network: 'x', kind: 'overlay', cidr: '100.66.0.0/24', vni: 1, udpPort: 4793 },
    { site: 'dc', network: 'y', kind: 'overlay', cidr: '100.66.1.0/24', vni: 2, udpPort: 4790 },
  ],
} as unknown as DriverState;

describe('render-overlay', () => {
  it('pairs only hosts of different PDCs, in name order', () => {
    expect(crossPdcPairs(state).map(({ a, b }) => `${a.name}-${b.name}`)).toEqual([
      'cn1-cn3',
      'cn2-cn3',
    ]);
  });
  it('numbers a pair among every pair, so a tunnel keeps its device whatever the options', () => {
    expect(crossPdcPairs(state).map((p) => p.pair)).toEqual([1, 2]);
    const everyPeerRemote = { ...REFERENCE_OVERLAY, samePdcOverAdmin: false };
    expect(tunnelsOf(state, 'cn1', everyPeerRemote).map((t) => [t.peer, t.device])).toEqual([
      ['cn2', 'ncov0'],
      ['cn3', 'ncov1'],
    ]);
  });
  it('gives each end of a pair mirrored tunnel addresses and key directions', () => {
    const [a] = tunnelsOf(state, 'cn1', REFERENCE_OVERLAY);
    const b = tunnelsOf(state, 'cn3', REFERENCE_OVERLAY).find((t) => t.peer === 'cn1');
    expect(a).toMatchObject({ remote: '192.0.2.13', localInner: '169.254.65.1', keyDirection: 0 });
    expect(b).toMatchObject({ remote: '192.0.2.11', localInner: '169.254.65.2', keyDirection: 1 });
    expect(tunnelsOf(state, 'cn3', REFERENCE_OVERLAY)).toHaveLength(2);
  });
  it('leaves the first pair without a tunnel when told to', () => {
    const skip = { ...REFERENCE_OVERLAY, encryptEveryPair: false };
    expect(tunnelsOf(state, 'cn1', skip)).toEqual([]);
    expect(tunnelsOf(state, 'cn3', skip).map((t) => t.peer)).toEqual(['cn2']);
  });
  it('drops unencrypted overlay ports on the external interface, each way as asked', () => {
    const ports = overlayPorts(state);
    expect(ports).toEqual([4790, 4793]);
    const full = renderOverlayFirewall('ext0', ports, REFERENCE_OVERLAY);
    expect(full).toContain('iifname "ext0" udp dport { 4790, 4793 } counter drop');
    expect(full).toContain('oifname "ext0" udp dport { 4790, 4793 } counter drop');
    const noIn = renderOverlayFirewall('ext0', ports, {
      ...REFERENCE_OVERLAY,
      dropPlaintextIn: false,
    });
    expect(noIn).not.toContain('iifname');
    expect(noIn).toContain('oifname');
  });
  it('exempts the peer of a pair without a tunnel only when the firewall follows the pair list', () => {
    const ports = overlayPorts(state);
    const missed = { ...REFERENCE_OVERLAY, encryptEveryPair: false };
    const double = { ...missed, exemptUnencryptedPairs: true };
    expect(unencryptedPeers(state, 'cn1', missed)).toEqual([]);
    expect(unencryptedPeers(state, 'cn1', double)).toEqual(['192.0.2.13']);
    expect(unencryptedPeers(state, 'cn3', double)).toEqual(['192.0.2.11']);
    expect(unencryptedPeers(state, 'cn2', double)).toEqual([]);
    expect(
      unencryptedPeers(state, 'cn1', { ...REFERENCE_OVERLAY, exemptUnencryptedPairs: true }),
    ).toEqual([]);
    const text = renderOverlayFirewall('ext0', ports, double, ['192.0.2.13']);
    const lines = text.split('\n').map((l) => l.trim());
    const accept = lines.findIndex((l) => l.startsWith('iifname "ext0" ip saddr { 192.0.2.13 }'));
    const drop = lines.findIndex((l) => l.startsWith('iifname "ext0" udp dport'));
    expect(accept).toBeGreaterThan(-1);
    expect(accept).toBeLessThan(drop);
    expect(text).toContain(
      'oifname "ext0" ip daddr { 192.0.2.13 } udp dport { 4790, 4793 } counter accept',
    );
    expect(renderOverlayFirewall('ext0', ports, REFERENCE_OVERLAY)).not.toContain('accept comment');
  });
  it('routes only overlay ports to the peer through the tunnel', () => {
    const [t] = tunnelsOf(state, 'cn1', REFERENCE_OVERLAY);
    expect(tunnelRouting(t!, [4790]).map((c) => c.join(' '))).toEqual([
      'ip route replace 192.0.2.13/32 dev ncov1 table 101',
      'ip rule add to 192.0.2.13/32 ipproto udp dport 4790 lookup 101',
    ]);
    expect(openvpnArgs(t!, 'n', '/k', '/d')).toContain('--allow-recursive-routing');
  });
  it('derives a static key per run and pair', () => {
    const k = staticKey('ncabc', 0);
    expect(k.split('\n').filter((l) => /^[0-9a-f]{32}$/.test(l))).toHaveLength(16);
    expect(staticKey('ncabc', 1)).not.toBe(k);
    expect(staticKey('ncabc', 0)).toBe(k);
  });
});
