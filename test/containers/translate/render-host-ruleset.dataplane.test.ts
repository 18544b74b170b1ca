import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MUTANTS,
  mutantRenderOptions,
  referenceOptionsFor,
} from '../../../containers/drivers/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { renderHostRuleset, type RenderOptions } from '../../../containers/translate/index.ts';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import { createThrowawayNetns, type ThrowawayNetns } from '../drivers/throwaway-netns.ts';
import { bridgedFixtureState, fixtureState } from './driver-state-fixture.ts';

let ns: ThrowawayNetns;
let dir: string;

beforeAll(async () => {
  ns = await createThrowawayNetns('chk');
  dir = await mkdtemp(join(tmpdir(), 'netconform-nft-check-'));
});
afterAll(async () => {
  await ns?.delete();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** `nft -c -f` of the script inside the throwaway namespace; returns stderr on failure. */
async function check(script: string, label: string): Promise<string> {
  const file = join(dir, `${label}.nft`);
  await writeFile(file, script, 'utf8');
  const result = await runCommand([...ns.enter, 'nft', '-c', '-f', file]);
  return result.kind === 'exited' && result.code === 0 ? '' : JSON.stringify(result);
}

const drivers: [string, (s: DriverState) => RenderOptions][] = [
  ['reference', referenceOptionsFor],
  ...MUTANTS.map((m): [string, (s: DriverState) => RenderOptions] => [
    m.name,
    (s) => mutantRenderOptions(m, s),
  ]),
];

describe('generated scripts pass `nft -c -f` in a throwaway namespace', () => {
  for (const profile of ['safespring', 'cloudstack'] as const) {
    for (const [name, optionsFor] of drivers) {
      it(`${name} (${profile})`, async () => {
        const state = fixtureState({ profile });
        for (const host of state.hosts) {
          const script = renderHostRuleset(state, host.name, optionsFor(state));
          expect(await check(script, `${name}-${profile}-${host.name}`)).toBe('');
        }
      });
    }
  }

  // Mutants change the same lines on bridged hosts: the reference covers the bridged parts.
  it('reference (cloudstack, bridged hosts: bridge table and conntrack zones)', async () => {
    const state = bridgedFixtureState();
    for (const host of state.hosts) {
      const script = renderHostRuleset(state, host.name, referenceOptionsFor(state));
      expect(await check(script, `reference-bridged-${host.name}`)).toBe('');
    }
  });

  it('the checker rejects a broken script (the check can fail)', async () => {
    const state = fixtureState();
    const script = renderHostRuleset(state, 'h1', referenceOptionsFor(state));
    expect(await check(script.replace('snat ip to', 'snat ip too'), 'broken')).not.toBe('');
  });
});
