/**
 * How the dataplane reports what host-namespace nftables rules do to probes (standing
 * in for a firewall driver): drops are "not delivered" after the timeout, resets where
 * a listener should be are inconclusive, and snapshots/resets see conntrack state.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netnsBackend, type NetnsDataplane } from '../../../../containers/backends/index.ts';
import { pidsInside } from '../../../../containers/lifecycle/index.ts';
import { runCommand, runOrThrow } from '../../../../harness/process/index.ts';
import { twoSiteTopology } from '../../../../fixtures/topologies.ts';
import { settledProbe } from '../../../support/settled-probe.ts';

const PROBE_TIMEOUT_MS = 250;
let dp: NetnsDataplane;

const host = (name: string) => {
  const found = dp.layout.hosts.find((h) => h.name === name);
  if (!found) throw new Error(`no host ${name}`);
  return found;
};
const port = (instance: string) =>
  dp.layout.ports.find((p) => p.instance === instance)?.hostInterface ?? '?';
/** Installs `rules` in a fresh `table ip probe` of host `name` (replacing the old one). */
const nft = async (name: string, chain: string): Promise<void> => {
  const ruleset = `table ip probe\ndelete table ip probe\ntable ip probe {\n${chain}\n}\n`;
  await runOrThrow([...host(name).enter, 'nft', '-f', '-'], { input: ruleset });
};
const clear = (name: string) =>
  runOrThrow([...host(name).enter, 'nft', 'delete', 'table', 'ip', 'probe']).catch(() => '');

beforeAll(async () => {
  dp = (await netnsBackend.create(twoSiteTopology(), {
    probeTimeoutMs: PROBE_TIMEOUT_MS,
  })) as NetnsDataplane;
});
afterAll(async () => {
  await dp?.destroy();
});
afterEach(async () => {
  await Promise.all(['h1', 'h2'].map(clear));
  await dp.resetFlows();
});

describe('host rules seen through probes', () => {
  it('a dropped TCP/UDP/ICMP probe is not delivered, after the adaptive wait; other ports still pass', async () => {
    const veth = port('pub2');
    await nft(
      'h2',
      `chain forward_probe { type filter hook forward priority 0; oifname "${veth}" tcp dport 81 drop; oifname "${veth}" udp dport 81 drop; oifname "${veth}" icmp type echo-request drop; }`,
    );
    for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
      const seen = await settledProbe(dp, {
        kind: 'probe',
        from: 'pub1',
        to: 'pub2',
        protocol,
        port: protocol === 'icmp' ? null : 81,
      });
      expect(seen, protocol).toMatchObject({ kind: 'observed', delivered: false, seenFrom: null });
      const waited = seen.kind === 'observed' ? (seen.blockedAfterMs ?? 0) : 0;
      expect(waited, protocol).toBeGreaterThan(0);
      expect(waited, protocol).toBeLessThanOrEqual(PROBE_TIMEOUT_MS);
      expect(seen.elapsedMs, protocol).toBeGreaterThanOrEqual(waited - 5);
    }
    const other = await settledProbe(dp, {
      kind: 'probe',
      from: 'pub1',
      to: 'pub2',
      protocol: 'tcp',
      port: 82,
    });
    expect(other).toMatchObject({ kind: 'observed', delivered: true, seenFrom: '198.51.100.10' });
  });

  it('a reply dropped on an established flow is not delivered while forward still is', async () => {
    await settledProbe(dp, {
      kind: 'open',
      flow: 'f',
      from: 'pub1',
      to: 'nat2',
      protocol: 'udp',
      port: 6000,
    });
    await nft(
      'h2',
      `chain forward_probe { type filter hook forward priority 0; iifname "${port('nat2')}" udp sport 6000 drop; }`,
    );
    expect(await settledProbe(dp, { kind: 'send', flow: 'f', direction: 'reply' })).toMatchObject({
      delivered: false,
    });
    expect(await settledProbe(dp, { kind: 'send', flow: 'f', direction: 'forward' })).toMatchObject(
      {
        delivered: true,
      },
    );
  });

  it('a reset from a rejecting firewall (listener up) is observed as not delivered', async () => {
    await nft(
      'h2',
      `chain forward_probe { type filter hook forward priority 0; oifname "${port('pub2')}" tcp dport 83 reject with tcp reset; }`,
    );
    const seen = await settledProbe(dp, {
      kind: 'probe',
      from: 'pub1',
      to: 'pub2',
      protocol: 'tcp',
      port: 83,
    });
    expect(seen).toMatchObject({ kind: 'observed', delivered: false, seenFrom: null });
  });

  it('snapshot shows each host ruleset and conntrack entries; resetFlows flushes them', async () => {
    await nft(
      'h1',
      'chain forward_probe { type filter hook forward priority 0; ct state established,related accept; }',
    );
    await dp.perform({
      kind: 'open',
      flow: 'c',
      from: 'pub1',
      to: 'pub2',
      protocol: 'tcp',
      port: 8443,
    });
    const before = await dp.snapshot();
    expect(before.map((s) => s.host).sort()).toEqual(['h1', 'h2', 'hb']);
    const h1 = before.find((s) => s.host === 'h1');
    expect(h1?.ruleset).toContain('ct state established,related accept');
    expect(h1?.conntrack).toMatch(/dport=8443/);
    await dp.resetFlows();
    const after = (await dp.snapshot()).find((s) => s.host === 'h1');
    expect(after?.conntrack).not.toMatch(/dport=8443/);
    expect(await settledProbe(dp, { kind: 'send', flow: 'c', direction: 'forward' })).toMatchObject(
      {
        delivered: false,
      },
    );
  });

  it('a flow whose agent died is inconclusive; the next probe gets a fresh agent', async () => {
    await settledProbe(dp, {
      kind: 'open',
      flow: 'd',
      from: 'pub1',
      to: 'nat1',
      protocol: 'tcp',
      port: 9000,
    });
    const nat1 = dp.plan.endpoints.get('nat1')?.namespace as string;
    // A hub (NETCONFORM_AGENT=hub) serves nat1 from outside its namespace: killing it
    // kills every endpoint's agent, pub1's too.
    const hub = await runCommand(['pgrep', '-P', String(process.pid), '-f', '--', '--hub']);
    const inside = pidsInside([nat1]);
    const agents =
      inside.length > 0 || hub.kind !== 'exited'
        ? inside
        : hub.stdout.split('\n').filter(Boolean).map(Number);
    expect(agents.length).toBeGreaterThan(0);
    for (const pid of agents) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = await dp.perform({ kind: 'send', flow: 'd', direction: 'reply' });
    expect(seen.kind).toBe('inconclusive');
    expect(seen.kind === 'inconclusive' && seen.reason).toMatch(
      inside.length > 0 ? /agent of nat1 died/ : /agent of (pub1|nat1) died/,
    );
    const fresh = await settledProbe(dp, {
      kind: 'probe',
      from: 'pub1',
      to: 'nat1',
      protocol: 'tcp',
      port: 9000,
    });
    expect(fresh).toMatchObject({ kind: 'observed', delivered: true });
  });
});
