/** The neutron example (seed 004, neutron's iptables_firewall.py), step by step on the model. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeStep, evaluateScenario, parseScenario } from '../../../spec/index.ts';
import { ids, verdict } from '../fixtures.ts';

const file = new URL('../../../examples/neutron-basics.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('the neutron example must be valid');
const results = evaluateScenario(parsed.scenario).results;

describe('neutron basics', () => {
  it('gives the expected verdict at every step', () => {
    expect(results.map((r) => `${describeStep(r.step)} => ${verdict(r.expectation)}`)).toEqual([
      'probe vm1 -> vm2 tcp/5432 => blocked',
      'addRule web: egress any to 0.0.0.0/0 => config',
      'addRule db: ingress tcp 5432 from group web => config',
      'probe vm1 -> vm2 tcp/5432 => delivered from 198.51.100.1',
      'probe vm3 -> vm2 tcp/5432 => blocked',
      'addRule db: ingress udp 53 from 0.0.0.0/0 => config',
      'open dns: vm1 -> vm2 udp/53 => delivered from 198.51.100.1',
      'send dns reply => delivered from 198.51.100.2',
      'spoof vm1 -> vm2 udp/53 as 198.51.100.50 => blocked',
      'addRule db: ingress udp 68 from 198.51.100.0/26 => config',
      'rogueDhcp vm1 -> vm3: DHCP offer => blocked',
      'removeRule db: ingress udp 53 from 0.0.0.0/0 => config',
      'send dns forward => blocked',
      'probe vm1 -> vm2 tcp/5432 => delivered from 198.51.100.1',
    ]);
  });

  it('names CT-FLUSH-ON-REMOVE at the removal and at the send it decides', () => {
    const steps = results.flatMap((r, i) =>
      ids(r.expectation).includes('CT-FLUSH-ON-REMOVE') ? [i + 1] : [],
    );
    expect(steps).toEqual([12, 13]);
  });
});
