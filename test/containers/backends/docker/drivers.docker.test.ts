/**
 * The reference firewall driver works unchanged on the Docker backend (it enters each
 * host container through `HostAccess.enter`): it admits an allowed probe, blocks the
 * rest, masquerades a nat instance to its host's address, and a mutant is caught.
 * Docker's own nat table in each host container survives the driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../containers/backends/index.ts';
import { createDriver } from '../../../../containers/drivers/index.ts';
import {
  buildDriverState,
  type Dataplane,
  type DriverState,
  type Observation,
} from '../../../../harness/dataplane/index.ts';
import { initialState, parseScenario } from '../../../../spec/index.ts';

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

let dataplane: Dataplane | undefined;
let state: DriverState;

beforeAll(async () => {
  if (!scenario.ok) throw new Error(`fixture scenario invalid: ${JSON.stringify(scenario.issues)}`);
  const backend = backends.docker!;
  await backend.preflight();
  dataplane = await backend.create(scenario.scenario.topology, { negativeTimeoutMs: 800 });
  state = buildDriverState(initialState(scenario.scenario), dataplane.layout, 1);
});
afterAll(async () => {
  await dataplane?.destroy();
});

const tcp = (port: number) =>
  ({ kind: 'probe', from: 'client', to: 'web', protocol: 'tcp', port }) as const;
const udpOut = { kind: 'probe', from: 'client', to: 'ext', protocol: 'udp', port: 5353 } as const;
const seen = (o: Observation) =>
  o.kind === 'observed' ? { delivered: o.delivered, seenFrom: o.seenFrom } : o;

async function withDriver(name: string, body: (d: Dataplane) => Promise<void>): Promise<void> {
  const driver = createDriver(name);
  expect(await driver.apply(state)).toMatchObject({ kind: 'applied' });
  try {
    await dataplane!.resetFlows();
    await body(dataplane!);
  } finally {
    await driver.teardown(state);
  }
}

describe('drivers on the docker dataplane', () => {
  it('reference admits the allowed TCP probe, blocks the other and NATs to the host address', async () => {
    await withDriver('reference', async (d) => {
      expect(seen(await d.perform(tcp(80)))).toEqual({ delivered: true, seenFrom: '100.64.0.10' });
      expect(seen(await d.perform(tcp(81)))).toEqual({ delivered: false, seenFrom: null });
      expect(seen(await d.perform(udpOut))).toEqual({ delivered: true, seenFrom: '192.0.2.2' });
      for (const snapshot of await d.snapshot()) {
        expect(snapshot.ruleset, snapshot.host).toMatch(/table ip nat/);
        expect(snapshot.ruleset, snapshot.host).toMatch(/table inet /);
      }
    });
  });

  it('the port-range-off-by-one mutant blocks what the reference admits', async () => {
    await withDriver('mutant:port-range-off-by-one', async (d) => {
      expect(seen(await d.perform(tcp(80)))).toEqual({ delivered: false, seenFrom: null });
    });
  });
});
