/**
 * Danube overlay plumbing on the netns backend. Bare, it carries nothing between hosts
 * (the forwarding table is the platform agent's). With only the agent's part applied
 * (`applyOverlayAgent`: vNIC MTUs and the static forwarding table; no firewall, no
 * encryption) the example's overlays are one switch across hosts and PDCs, separate from
 * each other and from the Internet; an instance's MTU is its overlay's; same-PDC overlay
 * traffic uses the admin network. Destroy leaves no namespace of the run.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsBackend } from '../../../../containers/backends/index.ts';
import type { Dataplane } from '../../../../harness/dataplane/index.ts';
import { buildDriverState } from '../../../../harness/dataplane/build-driver-state.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import { initialState, parseScenario, type ResolvedTopology } from '../../../../spec/index.ts';
import { applyOverlayAgent } from '../../../../containers/drivers/index.ts';
import { REFERENCE_OVERLAY } from '../../../../containers/translate/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { settledProbe } from '../../../support/settled-probe.ts';

backendUnderTest('netns');
const file = new URL('../../../../examples/danube-overlays.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('examples/danube-overlays.json must be valid');
const topology: ResolvedTopology = parsed.scenario.topology;
const ipOf = (name: string): string =>
  [...topology.instances, ...topology.externals].find((e) => e.name === name)?.ip ?? '?';

let dp: Dataplane | undefined;
const dataplane = (): Dataplane => {
  if (dp === undefined) throw new Error('the overlay dataplane was not built (see beforeAll)');
  return dp;
};
const instanceNs = (name: string): string =>
  `netconform-${dataplane().layout.runId}-i${topology.instances.findIndex((i) => i.name === name)}`;
const hostEnter = (host: string): readonly string[] =>
  dataplane().layout.hosts.find((h) => h.name === host)?.enter ?? [];

/** An ICMP echo of `size` bytes (IP packet) with DF set from `from` to `to`. */
async function dfPing(from: string, to: string, size: number) {
  const r = await runCommand(
    [
      'ip',
      'netns',
      'exec',
      instanceNs(from),
      'ping',
      '-n',
      '-c',
      '1',
      '-W',
      '1',
      '-M',
      'do',
    ].concat(['-s', String(size - 28), ipOf(to)]),
  );
  if (r.kind !== 'exited') throw new Error(`ping did not run: ${JSON.stringify(r)}`);
  return { ok: r.code === 0, output: r.stdout + r.stderr };
}

beforeAll(async () => {
  // 3 s: this file judges where packets go, not how fast a cold path is (that is
  // overlay-cold-path's, at the CLI default). CI once saw web -> app across PDCs arrive
  // after 1 s: a first frame lost is resent with the ARP retry, 1 s later.
  dp = await netnsBackend.create(topology, { probeTimeoutMs: 3_000 });
});
afterAll(async () => {
  await dp?.destroy();
});

describe('danube overlay plumbing (netns), bare', () => {
  it('carries nothing between hosts: no forwarding entry, vNICs at the Ethernet default', async () => {
    const r = await runCommand([...hostEnter('cn1'), 'bridge', 'fdb', 'show', 'dev', 'ovx0']);
    expect(r.kind === 'exited' ? r.stdout : '?').not.toMatch(/dst/);
    // db -> web, not web -> db: the ARP entry a blocked probe leaves in its sender stays
    // INCOMPLETE for 3 s, and a later probe from it would wait for its next retry.
    const seen = await settledProbe(dataplane(), {
      kind: 'probe',
      from: 'db',
      to: 'web',
      protocol: 'udp',
      port: 7002,
    });
    expect(seen).toMatchObject({ kind: 'observed', delivered: false });
    expect((await dfPing('web', 'app', 1500)).output).not.toMatch(/message too long/);
  });
});

describe('danube overlay plumbing (netns), the agent applied (no driver policy)', () => {
  beforeAll(async () => {
    const d = dataplane();
    const state = buildDriverState(initialState(parsed.scenario), d.layout, 1);
    const results = await Promise.all(
      state.hosts.map((h) => applyOverlayAgent(state, h, REFERENCE_OVERLAY)),
    );
    expect(results.filter((r) => r.kind !== 'ok')).toEqual([]);
  });

  const pairs: [string, string, string][] = [
    ['same PDC, over the admin network', 'web', 'db'],
    ['across PDCs, over the Internet', 'web', 'app'],
    ['the admin overlay across PDCs', 'cn3-adm', 'cn1-adm'],
  ];
  for (const [label, from, to] of pairs)
    it(`${label}: tcp, udp and icmp ${from} -> ${to} arrive from ${from}'s address`, async () => {
      const protocols = ['tcp', 'udp', 'icmp'] as const;
      const seen = await Promise.all(
        protocols.map((protocol) =>
          settledProbe(dataplane(), {
            kind: 'probe',
            from,
            to,
            protocol,
            port: protocol === 'icmp' ? null : 7000,
          }),
        ),
      );
      for (const [k, s] of seen.entries())
        expect(s, protocols[k]).toMatchObject({
          kind: 'observed',
          delivered: true,
          seenFrom: ipOf(from),
        });
    });

  it('another overlay and the Internet are out of reach', async () => {
    const seen = await Promise.all([
      settledProbe(dataplane(), {
        kind: 'probe',
        from: 'web',
        to: 'cn1-adm',
        protocol: 'udp',
        port: 7001,
      }),
      settledProbe(dataplane(), {
        kind: 'probe',
        from: 'app',
        to: 'attacker',
        protocol: 'udp',
        port: 53,
      }),
    ]);
    for (const s of seen) expect(s).toMatchObject({ kind: 'observed', delivered: false });
  });

  it("an instance's MTU is its overlay's: DF packets up to it pass, larger ones are refused at the sender", async () => {
    expect((await dfPing('web', 'app', 1400)).ok).toBe(true);
    const over = await dfPing('web', 'app', 1401);
    expect(over.ok).toBe(false);
    expect(over.output).toMatch(/message too long, mtu=1400/);
    expect((await dfPing('cn1-adm', 'cn3-adm', 1300)).ok).toBe(true);
    expect((await dfPing('cn1-adm', 'cn3-adm', 1400)).output).toMatch(/mtu=1300/);
  });

  it('the static forwarding table sends same-PDC peers to admin addresses and others to public ones', async () => {
    const r = await runCommand([...hostEnter('cn1'), 'bridge', 'fdb', 'show', 'dev', 'ovx0']);
    const text = r.kind === 'exited' ? r.stdout : '';
    const cn2 = topology.hosts.find((h) => h.name === 'cn2');
    const cn3 = topology.hosts.find((h) => h.name === 'cn3');
    expect(text).toMatch(/dst 169\.254\.16\.2/);
    expect(text).toContain(`dst ${cn3?.publicIp}`);
    expect(text).not.toContain(`dst ${cn2?.publicIp}`);
  });
});

describe('danube overlay probes (netns), the agent applied: nothing encrypts or filters yet', () => {
  const overlay = (
    from: string,
    to: string,
    probe: Parameters<Dataplane['perform']>[0] extends infer A
      ? A extends { kind: 'overlay'; probe: infer P }
        ? P
        : never
      : never,
  ) => dataplane().perform({ kind: 'overlay', from, to, probe });

  it('an eavesdropper sees tokens in clear where the overlay runs, and nowhere else', async () => {
    const seen = await Promise.all([
      overlay('web', 'app', { what: 'eavesdrop', port: 8080, link: 'internet' }),
      overlay('web', 'db', { what: 'eavesdrop', port: 8080, link: 'admin' }),
      overlay('web', 'db', { what: 'eavesdrop', port: 8080, link: 'internet' }),
      overlay('web', 'app', { what: 'eavesdrop', port: 8080, link: 'admin' }),
    ]);
    expect(seen.map((s) => (s.kind === 'observed' ? s.delivered : s.reason))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // The evidence: the frame that carried the token, by its outer (VXLAN) header.
    const publicIp = (h: string) => topology.hosts.find((x) => x.name === h)?.publicIp;
    expect(seen[0]).toMatchObject({
      capture: {
        at: 'the internet router',
        src: publicIp('cn1'),
        dst: publicIp('cn3'),
        protocol: 17,
        dstPort: 4790,
      },
    });
    expect(seen[0]?.kind === 'observed' && seen[0].capture?.token).toMatch(/^NCOV/);
    expect(seen[1]).toMatchObject({ capture: { src: '169.254.16.1', dst: '169.254.16.2' } });
  });

  it('unencrypted VXLAN forged in from the Internet and leaked out to it both arrive', async () => {
    const seen = await Promise.all([
      overlay('attacker', 'app', { what: 'forgeVxlan', port: 8080 }),
      overlay('web', 'attacker', { what: 'leakVxlan' }),
    ]);
    expect(seen.map((s) => (s.kind === 'observed' ? s.delivered : s.reason))).toEqual([true, true]);
  });
});

describe('danube overlay plumbing (netns), destroy', () => {
  it('leaves no namespace of the run', async () => {
    const d = dataplane();
    const prefix = `netconform-${d.layout.runId}-`;
    await d.destroy();
    const r = await runCommand(['ip', 'netns', 'list']);
    expect(
      r.kind === 'exited' ? r.stdout.split('\n').filter((l) => l.startsWith(prefix)) : ['?'],
    ).toEqual([]);
  });
});
