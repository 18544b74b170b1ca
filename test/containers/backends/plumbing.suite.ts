/**
 * Plumbing of a dataplane with no firewall driver: full L3 reachability inside a site
 * and between public addresses and the Internet; nat/private pools are not routed
 * outside their site; flows, spoofing and concurrency. Real packets, any backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataplane, TrafficAction } from '../../../harness/dataplane/index.ts';
import type { BackendUnderTest } from '../../support/backends-under-test.ts';
import { twoSiteTopology } from '../../../fixtures/topologies.ts';
import { settledProbe } from '../../support/settled-probe.ts';

const PROBE_TIMEOUT_MS = 300;

/** The suite's dataplane, for a backend's own checks after the shared ones. */
export interface PlumbingHandle {
  readonly dataplane: () => Dataplane;
}

export function plumbingSuite(under: BackendUnderTest): PlumbingHandle {
  const topology = twoSiteTopology();
  const ipOf = (name: string): string =>
    [...topology.instances, ...topology.externals].find((e) => e.name === name)?.ip ?? '?';
  let dp: Dataplane | undefined;
  const dataplane = (): Dataplane => {
    if (dp === undefined) throw new Error('the plumbing dataplane was not built (see beforeAll)');
    return dp;
  };

  beforeAll(async () => {
    dp = await under.backend.create(topology, { probeTimeoutMs: PROBE_TIMEOUT_MS });
  });
  afterAll(async () => {
    await dp?.destroy();
  });

  const probe = (
    from: string,
    to: string,
    protocol: 'tcp' | 'udp' | 'icmp',
    port: number | null = 80,
  ) =>
    settledProbe(dataplane(), {
      kind: 'probe',
      from,
      to,
      protocol,
      port: protocol === 'icmp' ? null : port,
    });

  describe(`reachability without driver rules (${under.name})`, () => {
    const pairs: [string, string, string][] = [
      ['same host', 'pub1', 'nat1'],
      ['different hosts', 'pub1', 'nat2'],
      ['different networks, same host', 'nat1', 'priv1'],
      ['different networks, different hosts', 'priv1', 'pub2'],
      ['public instance to external', 'pub1', 'ext'],
      ['external to public instance', 'ext', 'pub2'],
      ['public instances of two sites', 'pub2', 'bpub'],
    ];
    for (const [label, from, to] of pairs) {
      for (const protocol of ['tcp', 'udp'] as const) {
        it(`${label}: ${protocol} ${from} -> ${to} arrives from ${from}'s own address`, async () => {
          const seen = await probe(from, to, protocol, 7000);
          expect(seen).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf(from) });
        });
      }
      it(`${label}: icmp echo ${from} -> ${to} is answered`, async () => {
        expect(await probe(from, to, 'icmp')).toMatchObject({ kind: 'observed', delivered: true });
      });
    }
  });

  describe(`pools that are not routed outside their site (${under.name})`, () => {
    it('an external cannot reach a nat or private instance', async () => {
      for (const to of ['nat1', 'priv1']) {
        for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
          expect(await probe('ext', to, protocol), `${protocol} ext -> ${to}`).toMatchObject({
            kind: 'observed',
            delivered: false,
            seenFrom: null,
          });
        }
      }
    });

    it('a nat instance reaches the external with its own address but gets no reply (no masquerade yet)', async () => {
      expect(await probe('nat1', 'ext', 'udp', 53)).toMatchObject({
        kind: 'observed',
        delivered: true,
        seenFrom: ipOf('nat1'),
      });
      expect(await probe('nat1', 'ext', 'tcp', 53)).toMatchObject({
        kind: 'observed',
        delivered: false,
      });
      expect(await probe('nat1', 'ext', 'icmp')).toMatchObject({
        kind: 'observed',
        delivered: false,
      });
    });
  });

  describe(`flows (${under.name})`, () => {
    for (const [label, to] of [
      ['inside a site', 'pub2'],
      ['between sites', 'bpub'],
    ] as const) {
      it(`an established TCP flow ${label} keeps exchanging tokens both ways until closed`, async () => {
        const flow = `t-${to}`;
        const send = (direction: 'forward' | 'reply') =>
          settledProbe(dataplane(), { kind: 'send', flow, direction });
        const open = await settledProbe(dataplane(), {
          kind: 'open',
          flow,
          from: 'pub1',
          to,
          protocol: 'tcp',
          port: 443,
        });
        expect(open).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf('pub1') });
        for (const direction of ['forward', 'reply', 'reply', 'forward'] as const) {
          const seen = await send(direction);
          const peer = direction === 'forward' ? ipOf('pub1') : ipOf(to);
          expect(seen, direction).toMatchObject({
            kind: 'observed',
            delivered: true,
            seenFrom: peer,
          });
        }
        await dataplane().perform({ kind: 'close', flow });
        expect(await send('forward')).toMatchObject({ kind: 'observed', delivered: false });
      });
    }

    it('a UDP flow gets a reply from the server it talked to', async () => {
      await settledProbe(dataplane(), {
        kind: 'open',
        flow: 'u1',
        from: 'pub1',
        to: 'ext',
        protocol: 'udp',
        port: 5353,
      });
      const reply = await settledProbe(dataplane(), {
        kind: 'send',
        flow: 'u1',
        direction: 'reply',
      });
      expect(reply).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf('ext') });
      await dataplane().perform({ kind: 'close', flow: 'u1' });
    });

    it('an icmp flow answers further echoes with the same identifier', async () => {
      const open = await settledProbe(dataplane(), {
        kind: 'open',
        flow: 'p1',
        from: 'nat2',
        to: 'priv1',
        protocol: 'icmp',
        port: null,
      });
      // The echo's source is observed where the receiver's watcher sees it; delivery is the point here.
      expect(open).toMatchObject({ kind: 'observed', delivered: true });
      const again = await settledProbe(dataplane(), {
        kind: 'send',
        flow: 'p1',
        direction: 'forward',
      });
      expect(again).toMatchObject({ kind: 'observed', delivered: true });
    });

    it('a send on a flow that was never opened is not delivered', async () => {
      const seen = await settledProbe(dataplane(), {
        kind: 'send',
        flow: 'nope',
        direction: 'forward',
      });
      expect(seen).toMatchObject({ kind: 'observed', delivered: false, seenFrom: null });
    });

    it('a spoofed datagram arrives with the spoofed source when nothing filters it', async () => {
      const action: TrafficAction = {
        kind: 'spoof',
        from: 'pub1',
        to: 'nat2',
        spoofedSource: '198.51.100.99',
        port: 9999,
      };
      expect(await settledProbe(dataplane(), action)).toMatchObject({
        kind: 'observed',
        delivered: true,
        seenFrom: '198.51.100.99',
      });
    });

    it('independent probes may run concurrently', async () => {
      const froms = ['pub1', 'nat1', 'priv1', 'pub2', 'nat2'];
      const results = await Promise.all(
        froms.map((from) => probe(from, 'priv1' === from ? 'pub1' : 'priv1', 'tcp', 8080)),
      );
      for (const [i, seen] of results.entries()) {
        expect(seen).toMatchObject({
          kind: 'observed',
          delivered: true,
          seenFrom: ipOf(froms[i] as string),
        });
      }
    });
  });

  return { dataplane };
}
