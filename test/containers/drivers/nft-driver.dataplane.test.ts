import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../../containers/drivers/index.ts';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import { fixtureState } from '../translate/driver-state-fixture.ts';
import { createThrowawayNetns, type ThrowawayNetns } from './throwaway-netns.ts';

let ns1: ThrowawayNetns;
let ns2: ThrowawayNetns;

/** The fixture with its two hosts living in this test's namespaces. */
function stateIn(generation: number, webPort: number): DriverState {
  const base = fixtureState({ generation });
  return {
    ...base,
    hosts: base.hosts.map((h) => ({ ...h, enter: [...(h.name === 'h1' ? ns1 : ns2).enter] })),
    groups: base.groups.map((g) =>
      g.name === 'web'
        ? {
            ...g,
            rules: g.rules.map((r) =>
              r.protocol === 'tcp' ? { ...r, ports: { from: webPort, to: webPort } } : r,
            ),
          }
        : g,
    ),
  };
}

const tables = (ns: ThrowawayNetns): Promise<string> => ns.run(['nft', 'list', 'tables']);
const conntrack = (ns: ThrowawayNetns): Promise<string> => ns.run(['conntrack', '-L']);
/** Inserts an established tcp entry from source port `sport`. */
const insertFlow = (ns: ThrowawayNetns, sport: number): Promise<string> =>
  ns.run(
    ['conntrack', '-I', '-s', '198.51.100.10', '-d', '203.0.113.9', '-p', 'tcp'].concat([
      '--sport',
      `${sport}`,
      '--dport',
      '443',
      '--state',
      'ESTABLISHED',
      '-t',
      '300',
    ]),
  );

beforeAll(async () => {
  ns1 = await createThrowawayNetns('a');
  ns2 = await createThrowawayNetns('b');
  // A foreign table (as Docker adds): the driver must leave it alone.
  await ns1.run([
    'nft',
    'add table ip nat; add chain ip nat keep { type nat hook postrouting priority 100; }',
  ]);
});

afterAll(async () => {
  await ns1?.delete();
  await ns2?.delete();
});

describe('nft driver in throwaway namespaces', () => {
  it('reconciles twice without touching conntrack or foreign tables, then tears down', async () => {
    const driver = createDriver('reference');
    await insertFlow(ns1, 40000);

    expect((await driver.apply(stateIn(1, 443))).kind).toBe('applied');
    expect(await ns1.run(['nft', 'list', 'chain', 'inet', 'netconform', 'to_web'])).toContain(
      'tcp dport 443 accept',
    );
    expect((await driver.apply(stateIn(2, 8443))).kind).toBe('applied');
    const toWeb = await ns1.run(['nft', 'list', 'chain', 'inet', 'netconform', 'to_web']);
    expect(toWeb).toContain('tcp dport 8443 accept');
    expect(toWeb).not.toContain('dport 443 ');
    expect(await ns2.run(['nft', 'list', 'chain', 'inet', 'netconform', 'postrouting'])).toContain(
      'snat ip to 192.0.2.2',
    );
    expect(await tables(ns1)).toBe('table ip nat\ntable inet netconform\n');
    expect(await conntrack(ns1)).toContain('sport=40000');

    await driver.teardown(stateIn(2, 8443));
    expect(await tables(ns1)).toBe('table ip nat\n');
    expect(await tables(ns2)).toBe('');
    await driver.teardown(stateIn(2, 8443)); // idempotent
  });

  it('re-applies only hosts whose ruleset changed; a new scenario or a teardown re-applies all', async () => {
    const driver = createDriver('reference');
    const own = 'table inet netconform';
    const dropOwn = (ns: ThrowawayNetns) =>
      ns.run(['nft', 'delete', 'table', 'inet', 'netconform']);
    expect((await driver.apply(stateIn(1, 443))).kind).toBe('applied');
    // Removed behind the driver's back, so a skipped host shows as a missing table.
    await dropOwn(ns1);
    await dropOwn(ns2);
    // Only the generation (a comment) differs: neither host is re-applied.
    expect((await driver.apply(stateIn(2, 443))).kind).toBe('applied');
    expect(await tables(ns1)).not.toContain(own);
    expect(await tables(ns2)).not.toContain(own);
    // The web port only changes h1's ruleset.
    expect((await driver.apply(stateIn(3, 8443))).kind).toBe('applied');
    expect(await ns1.run(['nft', 'list', 'chain', 'inet', 'netconform', 'to_web'])).toContain(
      'tcp dport 8443 accept',
    );
    expect(await tables(ns2)).not.toContain(own);
    // Generation 0 again: a new scenario (the dataplane may be reset or rebuilt).
    expect((await driver.apply(stateIn(0, 8443))).kind).toBe('applied');
    expect(await tables(ns2)).toContain(own);
    // Teardown forgets what was applied.
    await driver.teardown(stateIn(0, 8443));
    expect((await driver.apply(stateIn(1, 8443))).kind).toBe('applied');
    expect(await tables(ns1)).toContain(own);
    expect(await tables(ns2)).toContain(own);
    await driver.teardown(stateIn(1, 8443));
  });

  it('flush-on-change drops established conntrack entries on apply', async () => {
    const driver = createDriver('mutant:flush-on-change');
    await insertFlow(ns1, 40001);
    expect(await conntrack(ns1)).toContain('sport=40001');
    expect((await driver.apply(stateIn(1, 443))).kind).toBe('applied');
    expect(await conntrack(ns1)).not.toContain('sport=40001');
    // Every apply flushes, also when the rulesets did not change and are not re-applied.
    await insertFlow(ns1, 40002);
    expect((await driver.apply(stateIn(2, 443))).kind).toBe('applied');
    expect(await conntrack(ns1)).not.toContain('sport=40002');
    await driver.teardown(stateIn(2, 443));
  });

  it('reports a host it cannot program as a driver error naming the host', async () => {
    const state = stateIn(1, 443);
    const broken = {
      ...state,
      hosts: state.hosts.map((h) =>
        h.name === 'h2' ? { ...h, enter: ['ip', 'netns', 'exec', `${ns2.name}-missing`] } : h,
      ),
    };
    const driver = createDriver('reference');
    const result = await driver.apply(broken);
    expect(result.kind).toBe('driver-error');
    if (result.kind === 'driver-error') {
      expect(result.message).toMatch(/^host h2: ip netns exec .*-missing nft -f .* exited \d+: \S/);
      expect(result.stderr).not.toBe('');
    }
    await driver.teardown(stateIn(1, 443));
  });
});
