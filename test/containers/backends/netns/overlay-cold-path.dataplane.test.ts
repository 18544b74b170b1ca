/**
 * Cold overlay paths (issue 14, docs/backends.md "Cold paths"): right after the build,
 * with only the platform's forwarding table applied, probes sent at once over paths that
 * never carried a frame all arrive within the CLI's default probe timeout, on their
 * first look. The build used to return while some vNIC bridge ports were still
 * `disabled` (the kernel's link watch had not enabled them yet): the bridge dropped the
 * first ARP request and the probes waited for its retry, ~1 s later.
 *
 * And a pooled dataplane's next scenario starts with guests' ARP tables as fresh as after
 * a build (`resetFlows`), or a blocked probe's INCOMPLETE entry holds its first packet.
 *
 * The agent here sets no MTU: changing a port's MTU makes the kernel process its pending
 * link event at once, which would hide the defect (the overlay driver does change it).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsBackend, pendingPorts } from '../../../../containers/backends/index.ts';
import type { Dataplane, Observation } from '../../../../harness/dataplane/index.ts';
import { buildDriverState } from '../../../../harness/dataplane/build-driver-state.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../../harness/repro/index.ts';
import { initialState, parseScenario } from '../../../../spec/index.ts';
import { REFERENCE_OVERLAY, desiredFdb, fdbBatch } from '../../../../containers/translate/index.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { settledProbe } from '../../../support/settled-probe.ts';

backendUnderTest('netns');
const file = new URL('../../../../examples/danube-overlays.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('examples/danube-overlays.json must be valid');
const topology = parsed.scenario.topology;
const ipOf = (name: string): string => topology.instances.find((i) => i.name === name)?.ip ?? '?';

let dp: Dataplane | undefined;
/** Bridge ports of each host whose link was up but that did not forward when the build returned. */
let pendingAtReturn: string[] = ['?'];
const pairs = [
  ['web', 'db'], // same PDC, over the admin network
  ['app', 'db'], // across PDCs, over the Internet
] as const;
const protocols = ['tcp', 'udp', 'icmp'] as const;
const cases = pairs.flatMap(([from, to]) => protocols.map((protocol) => ({ from, to, protocol })));
let seen: Promise<Observation[]> = Promise.resolve([]);

beforeAll(async () => {
  const d = await netnsBackend.create(topology, {
    probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
    plumbing: { mode: 'overlay' },
  });
  dp = d;
  // Read before anything else touches the host (an MTU or flag change would enable a port).
  const hosts = d.layout.hosts;
  const shown = await Promise.all(
    hosts.map((h) => runCommand([...h.enter, 'bridge', '-j', 'link', 'show'])),
  );
  pendingAtReturn = shown.flatMap((r, k) =>
    r.kind === 'exited' ? pendingPorts(r.stdout).map((p) => `${hosts[k]!.name}: ${p}`) : ['?'],
  );
  // The platform's forwarding table only (no MTU, see above), one batch per host.
  const state = buildDriverState(initialState(parsed.scenario), d.layout, 1);
  const applied = await Promise.all(
    state.hosts.map((h) =>
      runCommand([...h.enter, 'bridge', '-batch', '-'], {
        input: fdbBatch([], desiredFdb(state, h.name, REFERENCE_OVERLAY)).join('\n') + '\n',
      }),
    ),
  );
  expect(applied.filter((r) => r.kind !== 'exited' || r.code !== 0)).toEqual([]);
  // Sent at once, at once after the build: the tests below read the results.
  seen = Promise.all(
    cases.map(({ from, to, protocol }) =>
      settledProbe(d, {
        kind: 'probe',
        from,
        to,
        protocol,
        port: protocol === 'icmp' ? null : 7000,
      }),
    ),
  );
  await seen;
});
afterAll(async () => {
  await dp?.destroy();
});

describe('cold overlay paths right after the build (netns)', () => {
  it('every bridge port whose link is up forwards when the build returns', () => {
    expect(pendingAtReturn).toEqual([]);
  });

  it('tcp, udp and icmp sent at once over two cold paths all arrive within the probe timeout', async () => {
    const observed = await seen;
    for (const [k, c] of cases.entries())
      expect(observed[k], `${c.protocol} ${c.from} -> ${c.to}`).toMatchObject({
        kind: 'observed',
        delivered: true,
        seenFrom: ipOf(c.from),
      });
  });

  it("a pooled dataplane's next scenario does not inherit the ARP entry a blocked probe left", async () => {
    const d = dp as Dataplane;
    const probe = () =>
      settledProbe(d, { kind: 'probe', from: 'web', to: 'cn3-adm', protocol: 'icmp', port: null });
    // Another overlay: blocked, and web's ARP entry for cn3-adm stays INCOMPLETE for 3 s.
    expect(await probe()).toMatchObject({ kind: 'observed', delivered: false });
    // The next driver keeps one ARP table per host (vni-crosstalk): now the path exists.
    const state = buildDriverState(initialState(parsed.scenario), d.layout, 1);
    const crosstalk = { ...REFERENCE_OVERLAY, arpTablePerOverlay: false };
    const applied = await Promise.all(
      state.hosts.map((h) =>
        runCommand([...h.enter, 'bridge', '-batch', '-'], {
          input:
            fdbBatch(
              desiredFdb(state, h.name, REFERENCE_OVERLAY),
              desiredFdb(state, h.name, crosstalk),
            ).join('\n') + '\n',
        }),
      ),
    );
    expect(applied.filter((r) => r.kind !== 'exited' || r.code !== 0)).toEqual([]);
    await d.resetFlows();
    const web = d.layout.ports.find((p) => p.instance === 'web')?.vnicEnter ?? [];
    const left = await runCommand([...web, 'ip', 'neigh', 'show', 'nud', 'incomplete']);
    expect(left).toMatchObject({ kind: 'exited', code: 0, stdout: '' });
    expect(await probe()).toMatchObject({
      kind: 'observed',
      delivered: true,
      seenFrom: ipOf('web'),
    });
  });
});
