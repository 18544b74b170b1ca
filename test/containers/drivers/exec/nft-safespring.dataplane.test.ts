import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecDriver } from '../../../../containers/drivers/exec/index.ts';
import type { DriverState } from '../../../../harness/dataplane/index.ts';
import { fixtureState } from '../../translate/driver-state-fixture.ts';
import { createThrowawayNetns, type ThrowawayNetns } from '../throwaway-netns.ts';
import { keptStateFile } from './fake-drivers.ts';

const example = (name: string): string =>
  fileURLToPath(new URL(`../../../../examples/drivers/${name}`, import.meta.url));

let h1: ThrowawayNetns;
let h2: ThrowawayNetns;

/** The fixture with its hosts living in this test's namespaces. */
function stateIn(generation: number, overrides: Partial<DriverState> = {}): DriverState {
  const base = fixtureState({ generation, ...overrides });
  const ns = { h1, h2 } as Record<string, ThrowawayNetns>;
  return {
    ...base,
    hosts: base.hosts.map((h) => ({ ...h, enter: [...(ns[h.name]?.enter ?? [])] })),
  };
}

const listTable = (ns: ThrowawayNetns): Promise<string> =>
  ns.run(['nft', 'list', 'table', 'inet', 'safespring_sg']);
const tables = (ns: ThrowawayNetns): Promise<string> => ns.run(['nft', 'list', 'tables']);

beforeAll(async () => {
  h1 = await createThrowawayNetns('x1');
  h2 = await createThrowawayNetns('x2');
  // A foreign table (Docker adds one): the driver must never touch it.
  await h1.run(['nft', 'add table ip nat']);
});

afterAll(async () => {
  await h1?.delete();
  await h2?.delete();
});

describe('examples/drivers/nft-safespring.sh in throwaway namespaces', () => {
  it('programs each host in one transaction, idempotently, and tears down', async () => {
    const driver = createExecDriver(example('nft-safespring.sh'));
    expect(await driver.apply(stateIn(1))).toMatchObject({ kind: 'applied' });

    const first = await listTable(h1);
    expect(first).toContain('ct state established,related accept');
    expect(first).toContain('iifname "tx-web" ip saddr != 198.51.100.10 drop');
    expect(first).toMatch(/chain to_web \{[^}]*tcp dport 443 ip saddr 0\.0\.0\.0\/0 accept/);
    expect(first).toMatch(
      /chain to_app \{[^}]*tcp dport 8000-8080 ip saddr 198\.51\.100\.10 accept/,
    );
    expect(await listTable(h2)).toContain('snat ip to 192.0.2.2');
    expect(await listTable(h2)).toMatch(/chain from_db\.1 \{[^}]*ip daddr != @site_pools drop/);

    // An established flow, to show a reconcile leaves conntrack alone.
    await h1.run(
      ['conntrack', '-I', '-s', '198.51.100.10', '-d', '203.0.113.9', '-p', 'tcp'].concat([
        '--sport',
        '41000',
        '--dport',
        '443',
        '--state',
        'ESTABLISHED',
        '-t',
        '300',
      ]),
    );
    expect(await driver.apply(stateIn(2))).toMatchObject({ kind: 'applied' });
    expect(await listTable(h1)).toBe(first);
    expect(await h1.run(['conntrack', '-L'])).toContain('sport=41000');

    // Level-triggered: a rule gone from the state is gone from the host.
    const withoutWeb443 = stateIn(3);
    const trimmed: DriverState = {
      ...withoutWeb443,
      groups: withoutWeb443.groups.map((g) =>
        g.name === 'web' ? { ...g, rules: g.rules.filter((r) => r.protocol !== 'tcp') } : g,
      ),
    };
    expect(await driver.apply(trimmed)).toMatchObject({ kind: 'applied' });
    expect(await listTable(h1)).not.toContain('dport 443');

    await driver.teardown(trimmed);
    expect(await tables(h1)).toBe('table ip nat\n');
    expect(await tables(h2)).toBe('');
  });

  it('the broken copy installs the same table without the established accept', async () => {
    const driver = createExecDriver(example('broken-stateless.sh'));
    expect(await driver.apply(stateIn(1))).toMatchObject({ kind: 'applied' });
    const table = await listTable(h1);
    expect(table).toContain('ct state invalid drop');
    expect(table).not.toContain('established');
    await driver.teardown(stateIn(1));
    expect(await tables(h1)).toBe('table ip nat\n');
  });

  it('a host nft rejects is a driver error naming the host and nft message', async () => {
    const state = stateIn(1);
    const bad: DriverState = {
      ...state,
      ports: state.ports.map((p) =>
        p.instance === 'db.1' ? { ...p, hostInterface: 'bad"if' } : p,
      ),
    };
    const driver = createExecDriver(example('nft-safespring.sh'));
    const result = await driver.apply(bad);
    expect(result.kind).toBe('driver-error');
    if (result.kind === 'driver-error') {
      expect(result.message).toMatch(/exited with code 1/);
      expect(result.message).toContain('host h2: nft -f rejected the script');
      expect(result.stderr).toContain('Error:');
    }
    await driver.teardown(state);
    // The driver and the harness both keep what failed: remove it.
    const message = result.kind === 'driver-error' ? result.message : '';
    const scriptKept = /kept at (\/tmp\/[^\s):]+\.nft)/.exec(message)?.[1];
    for (const kept of [scriptKept, keptStateFile(message)]) {
      if (kept !== undefined) rmSync(dirname(kept), { recursive: true, force: true });
    }
  });
});
