/**
 * examples/drivers/iptables-cloudstack.py (iptables with physdev matches, ebtables,
 * ipset) on bridged plumbing with CloudStack's names: it agrees on the cloudstack
 * example, on the L2 promises and across migrations; a copy without its source-MAC check is caught on
 * the spoofed-MAC step, so the L2 probes see what the driver does.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../containers/backends/index.ts';
import { createExecDriver } from '../../../../containers/drivers/exec/index.ts';
import { checkScenario } from '../../../../harness/runner/index.ts';
import { loadScenario } from '../../../requirements/scenario-files.ts';

const path = (p: string) => fileURLToPath(new URL(`../../../../${p}`, import.meta.url));
const DRIVER = path('examples/drivers/iptables-cloudstack.py');
const dir = mkdtempSync(join(tmpdir(), 'netconform-iptables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (file: string, driver: string) =>
  checkScenario(loadScenario(path(file)), {
    backend: backends.netns!,
    driverFactory: () => createExecDriver(driver),
    probeTimeoutMs: 400,
    plumbing: { mode: 'bridged', flavour: 'cloudstack' },
  });

describe('examples/drivers/iptables-cloudstack.py on bridged:cloudstack', () => {
  it('agrees on examples/cloudstack-basics.json', async () => {
    const result = await check('examples/cloudstack-basics.json', DRIVER);
    expect(result.setupError).toBeNull();
    expect(result.driverError).toBeNull();
    expect(result.verdict).toBe('agree');
  }, 120_000);

  it('agrees on every L2 promise of examples/cloudstack-l2.json', async () => {
    const result = await check('examples/cloudstack-l2.json', DRIVER);
    expect(result.driverError).toBeNull();
    expect(result.steps.map((s) => s.verdict).filter((v) => v !== 'applied')).toEqual(
      Array(10).fill('agree'),
    );
  }, 120_000);

  it('agrees on examples/cloudstack-migrate.json: its rules follow a migrated VM (CS-MIGRATE)', async () => {
    const result = await check('examples/cloudstack-migrate.json', DRIVER);
    expect(result.driverError).toBeNull();
    expect(result.verdict).toBe('agree');
    expect(result.steps.filter((s) => s.verdict === 'agree')).toHaveLength(7);
  }, 120_000);

  it('a copy without the source-MAC check disagrees on the spoofed-MAC step', async () => {
    const broken = join(dir, 'no-mac-check.py');
    const text = readFileSync(DRIVER, 'utf8');
    const cut = text.replace(/^.*"-A %s -s ! %s -j DROP" % \(vin, mac\),\n/m, '');
    expect(cut).not.toBe(text);
    writeFileSync(broken, cut);
    chmodSync(broken, 0o755);
    const result = await check('examples/cloudstack-l2.json', broken);
    expect(result.verdict).toBe('disagree');
    const first = result.steps[result.firstDisagreement!]!;
    expect(first.step.op).toBe('macSpoof');
    expect(first.blame?.violated).toEqual(['L2-MAC-SPOOF']);
  }, 120_000);
});
