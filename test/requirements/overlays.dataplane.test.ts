/**
 * The danube profile on the real netns overlay dataplane: the reference overlay driver
 * (external-interface firewall + an encrypted tunnel per cross-PDC host pair) agrees
 * with the model and the written expects on every step of examples/danube-overlays.json,
 * and each overlay mutant disagrees first at the step of the requirement it breaks (the
 * OV- requirements can fail). One pooled dataplane: drivers follow each other on it,
 * as the overlay driver's tunnels must allow.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../containers/backends/index.ts';
import { createDriver } from '../../containers/drivers/index.ts';
import { DataplanePool, checkScenario } from '../../harness/runner/index.ts';
import { PROBE_TIMEOUT_MS } from './dataplane-suite.ts';
import { loadScenario } from './scenario-files.ts';
import { agreedTrafficSteps, missingExpects, stepProblems, trafficNames } from './step-checks.ts';

const file = fileURLToPath(new URL('../../examples/danube-overlays.json', import.meta.url));
const scenario = loadScenario(file);

/** Each overlay mutant, the step op where it first shows, and the requirement blamed there. */
const OVERLAY_MUTANTS = [
  { mutant: 'ipsec-missing-for-one-pair', op: 'probe', requirement: 'OV-SWITCH' },
  { mutant: 'plaintext-in-allowed', op: 'forgeVxlan', requirement: 'OV-NO-PLAINTEXT-IN' },
  { mutant: 'plaintext-out-allowed', op: 'leakVxlan', requirement: 'OV-NO-PLAINTEXT-OUT' },
  { mutant: 'mtu-1500', op: 'mtuProbe', requirement: 'OV-MTU' },
  { mutant: 'vni-crosstalk', op: 'probe', requirement: 'OV-ISOLATION' },
  { mutant: 'same-pdc-over-internet', op: 'eavesdrop', requirement: 'OV-PDC-PATH' },
  // Two defects: the single one cannot leak (the firewall drops the clear packets first).
  {
    mutant: 'ipsec-and-firewall-missing-for-one-pair',
    op: 'eavesdrop',
    requirement: 'OV-ENCRYPTED',
  },
] as const;

/** The public address of `host` in the example. */
const publicIpOf = (host: string): string | undefined =>
  scenario.topology.hosts.find((h) => h.name === host)?.publicIp;

describe('danube overlays (netns)', () => {
  let pool: DataplanePool;
  beforeAll(() => {
    pool = new DataplanePool(backends.netns!, {
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      plumbing: { mode: 'overlay' },
    });
  });
  afterAll(async () => {
    await pool.release();
  });

  it('the reference driver agrees on every step of examples/danube-overlays.json', async () => {
    expect(missingExpects(scenario.steps)).toEqual([]);
    const result = await checkScenario(scenario, {
      backend: backends.netns!,
      driverFactory: () => createDriver('reference'),
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      pool,
    });
    expect(stepProblems(result)).toEqual([]);
    expect(result.verdict).toBe('agree');
    expect(agreedTrafficSteps(result)).toBe(15);
    for (const id of [
      'OV-SWITCH',
      'OV-ISOLATION',
      'OV-MTU',
      'OV-PDC-PATH',
      'OV-ENCRYPTED',
      'OV-NO-PLAINTEXT-IN',
      'OV-NO-PLAINTEXT-OUT',
    ] as const)
      expect(trafficNames(result, id), id).toBe(true);
  });

  for (const c of OVERLAY_MUTANTS)
    it(`mutant:${c.mutant} disagrees first on a ${c.op} step, blaming ${c.requirement}`, async () => {
      const result = await checkScenario(scenario, {
        backend: backends.netns!,
        driverFactory: () => createDriver(`mutant:${c.mutant}`),
        probeTimeoutMs: PROBE_TIMEOUT_MS,
        stopAtFirstDisagreement: true,
        pool,
      });
      expect(result.driverError, JSON.stringify(result.driverError)).toBeNull();
      expect(result.verdict).toBe('disagree');
      const first = result.steps[result.firstDisagreement!]!;
      expect(first.step.op).toBe(c.op);
      expect(first.requirements).toContain(c.requirement);
      expect(first.blame?.violated).toEqual([c.requirement]);
      if (c.requirement === 'OV-ENCRYPTED')
        // The auditor's evidence: the frame that carried web's token in clear, cn1 -> cn3.
        expect(first.observation).toMatchObject({
          kind: 'observed',
          delivered: true,
          capture: {
            at: 'the internet router',
            token: expect.stringMatching(/^NCOV/),
            src: publicIpOf('cn1'),
            dst: publicIpOf('cn3'),
            protocol: 17,
            dstPort: 4790,
          },
        });
    });
});
