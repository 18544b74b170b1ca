/**
 * Steering toward the L2 promises (model only): of 200 generated cloudstack scenarios
 * (fixed seed, run indices as `netconform run` gives them), a fair share exercises an
 * L2 requirement, each one on its own in at least 1 scenario in 20, and none of those
 * steps is a model no-op (the model decided traffic by the L2 requirement).
 */
import { describe, expect, it } from 'vitest';
import {
  GENERATOR_DEFAULTS,
  scenarioArbitrary,
  scenarioCoverage,
} from '../../../harness/arbitraries/index.ts';
import { planScenario } from '../../../harness/runner/index.ts';
import { parseScenario } from '../../../spec/index.ts';

const RUNS = 200;
const SEED = 1;
const L2_REQUIREMENTS = [
  'L2-MAC-SPOOF',
  'L2-ARP-SPOOF',
  'L2-BUM-DROP',
  'L2-NO-ROGUE-DHCP',
  'L2-NO-SNOOP',
  'L2-SECONDARY-IP',
  'L2-DHCP-DNS',
] as const;

/** Per L2 requirement, how many of the runs' scenarios exercised it; and how many any. */
function shares(): { readonly any: number; readonly each: Record<string, number> } {
  const each: Record<string, number> = Object.fromEntries(L2_REQUIREMENTS.map((id) => [id, 0]));
  let any = 0;
  for (let k = 0; k < RUNS; k++) {
    const options = { profile: 'cloudstack', ...GENERATOR_DEFAULTS, run: k } as const;
    const input = planScenario(scenarioArbitrary(options), SEED, k);
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(`run ${k}: generated an invalid scenario`);
    const exercised = L2_REQUIREMENTS.filter((id) =>
      scenarioCoverage(input).requirements.includes(id),
    );
    for (const id of exercised) each[id]! += 1;
    if (exercised.length > 0) any += 1;
  }
  return { any, each };
}

describe('generated cloudstack scenarios exercise the L2 promises', () => {
  const measured = shares();

  it(`at least 30 % of ${RUNS} scenarios (seed ${SEED}) exercise an L2 requirement`, () => {
    expect(measured.any / RUNS).toBeGreaterThanOrEqual(0.3);
  });

  it('each L2 requirement is exercised in at least 5 % of them', () => {
    const low = Object.entries(measured.each).filter(([, n]) => n / RUNS < 0.05);
    expect(low, JSON.stringify(measured.each)).toEqual([]);
  });
});
