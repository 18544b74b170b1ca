/**
 * Packets through a real dataplane: the reference driver admits an allowed TCP probe,
 * blocks a disallowed one and masquerades a nat instance to its host's address; each
 * mutant with a witness in this topology differs from the reference on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../../containers/drivers/index.ts';
import {
  buildDriverState,
  type Dataplane,
  type DriverState,
  type FirewallDriver,
  type Observation,
  type TrafficAction,
} from '../../../harness/dataplane/index.ts';
import { initialState, parseScenario } from '../../../spec/index.ts';
import type { BackendUnderTest } from '../../support/backends-under-test.ts';
import { settledProbe } from '../../support/settled-probe.ts';

const scenario = parseScenario({
  profile: 'safespring',
  topology: {
    sites: [{ name: 'a' }],
    networks: [
      { name: 'pub', site: 'a', kind: 'public', cidr: '198.51.100.0/26' },
      { name: 'nat', site: 'a', kind: 'nat', cidr: '100.64.0.0/16' },
    ],
    hosts: [
      { name: 'h1', site: 'a', publicIp: '192.0.2.1' },
      { name: 'h2', site: 'a', publicIp: '192.0.2.2' },
    ],
    instances: [
      { name: 'web', network: 'pub', host: 'h1', ip: '198.51.100.10', groups: ['web'] },
      { name: 'client', network: 'nat', host: 'h2', ip: '100.64.0.10', groups: ['client'] },
    ],
    groups: [
      {
        name: 'web',
        rules: [
          { direction: 'ingress', protocol: 'tcp', ports: '80', remote: { group: 'client' } },
        ],
      },
      {
        name: 'client',
        rules: [
          { direction: 'egress', protocol: 'tcp', remote: { cidr: '0.0.0.0/0' } },
          { direction: 'egress', protocol: 'udp', remote: { cidr: '0.0.0.0/0' } },
        ],
      },
    ],
    externals: [{ name: 'ext', ip: '203.0.113.5' }],
  },
});

const tcp = (port: number) =>
  ({ kind: 'probe', from: 'client', to: 'web', protocol: 'tcp', port }) as const;
const udpOut = { kind: 'probe', from: 'client', to: 'ext', protocol: 'udp', port: 5353 } as const;
const webOut = { kind: 'probe', from: 'web', to: 'ext', protocol: 'udp', port: 5353 } as const;
const udp80 = { kind: 'probe', from: 'client', to: 'web', protocol: 'udp', port: 80 } as const;
const ping = { kind: 'probe', from: 'client', to: 'web', protocol: 'icmp', port: null } as const;
const blocked = { delivered: false, seenFrom: null };

/** Mutants whose witness fits this topology: one probe each, mutant vs reference. */
const witnesses: { mutant: string; action: TrafficAction; reference: object; mutated: object }[] = [
  { mutant: 'stateless', action: tcp(80), reference: { delivered: true }, mutated: blocked },
  {
    mutant: 'port-range-off-by-one',
    action: tcp(80),
    reference: { delivered: true },
    mutated: blocked,
  },
  {
    mutant: 'ingress-on-source',
    action: tcp(80),
    reference: { delivered: true },
    mutated: blocked,
  },
  { mutant: 'egress-return', action: webOut, reference: blocked, mutated: { delivered: true } },
  { mutant: 'protocol-ignored', action: udp80, reference: blocked, mutated: { delivered: true } },
  { mutant: 'icmp-always', action: ping, reference: blocked, mutated: { delivered: true } },
  {
    mutant: 'masquerade-wrong-address',
    action: udpOut,
    reference: { delivered: true, seenFrom: '192.0.2.2' },
    mutated: { seenFrom: expect.not.stringMatching(/^192\.0\.2\.2$/) },
  },
];

/** What `observed` shows of an observation (the rest as is). */
export const seen = (o: Observation) =>
  o.kind === 'observed' ? { delivered: o.delivered, seenFrom: o.seenFrom } : o;

/** Runs `body` with driver `name` applied to the suite's dataplane (flows reset first). */
export type WithDriver = (name: string, body: (d: Dataplane) => Promise<void>) => Promise<void>;

export function endToEndSuite(under: BackendUnderTest): { readonly withDriver: WithDriver } {
  let dataplane: Dataplane | undefined;
  let state: DriverState;

  beforeAll(async () => {
    if (!scenario.ok)
      throw new Error(`fixture scenario invalid: ${JSON.stringify(scenario.issues)}`);
    dataplane = await under.backend.create(scenario.scenario.topology, { probeTimeoutMs: 800 });
    state = buildDriverState(initialState(scenario.scenario), dataplane.layout, 1);
  });
  afterAll(async () => {
    await dataplane?.destroy();
  });

  const withDriver: WithDriver = async (name, body) => {
    const driver: FirewallDriver = createDriver(name);
    expect(await driver.apply(state)).toMatchObject({ kind: 'applied' });
    try {
      await dataplane!.resetFlows();
      await body(dataplane!);
    } finally {
      await driver.teardown(state);
    }
  };

  describe(`drivers on the ${under.name} dataplane`, () => {
    it('reference admits the allowed TCP probe, blocks the other and NATs to the host address', async () => {
      await withDriver('reference', async (d) => {
        expect(seen(await settledProbe(d, tcp(80)))).toEqual({
          delivered: true,
          seenFrom: '100.64.0.10',
        });
        expect(seen(await settledProbe(d, tcp(81)))).toEqual({ delivered: false, seenFrom: null });
        expect(seen(await settledProbe(d, udpOut))).toEqual({
          delivered: true,
          seenFrom: '192.0.2.2',
        });
        for (const snapshot of await d.snapshot()) {
          expect(snapshot.ruleset, snapshot.host).toMatch(/table inet /);
        }
      });
    });

    it('no-masquerade lets the nat instance address leak (or lose the flow)', async () => {
      await withDriver('mutant:no-masquerade', async (d) => {
        const observed = seen(await settledProbe(d, udpOut));
        // The pool address leaks, or the flow is lost: either way not the host address.
        expect([
          { delivered: true, seenFrom: '100.64.0.10' },
          { delivered: false, seenFrom: null },
        ]).toContainEqual(observed);
      });
    });

    for (const w of witnesses) {
      it(`${w.mutant} differs from the reference on its witness probe`, async () => {
        await withDriver('reference', async (d) => {
          expect(seen(await settledProbe(d, w.action))).toMatchObject(w.reference);
        });
        await withDriver(`mutant:${w.mutant}`, async (d) => {
          const observed = seen(await settledProbe(d, w.action));
          expect(observed).toHaveProperty('delivered');
          expect(observed).toMatchObject(w.mutated);
        });
      });
    }

    it('flush-on-change loses an open flow on reconcile; the reference keeps it', async () => {
      const replyAfterReapply = async (name: string): Promise<unknown> => {
        let observed: unknown;
        await withDriver(name, async (d) => {
          const open = { ...tcp(80), kind: 'open', flow: 'f' } as const;
          expect(seen(await settledProbe(d, open))).toMatchObject({ delivered: true });
          const driver = createDriver(name);
          expect(await driver.apply({ ...state, generation: 2 })).toMatchObject({
            kind: 'applied',
          });
          observed = seen(await settledProbe(d, { kind: 'send', flow: 'f', direction: 'reply' }));
          await d.perform({ kind: 'close', flow: 'f' });
        });
        return observed;
      };
      expect(await replyAfterReapply('reference')).toMatchObject({ delivered: true });
      expect(await replyAfterReapply('mutant:flush-on-change')).toEqual(blocked);
    });
  });

  return { withDriver };
}
