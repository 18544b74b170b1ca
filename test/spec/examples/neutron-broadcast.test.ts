/**
 * The neutron broadcast example on the model: broadcast judged by both ends' rules
 * (NEUTRON-BROADCAST), a foreign MAC dropped (NEUTRON-IP-MAC-PAIR), and seed 004's
 * cross-border VM refused by a remote-group rule, admitted by one for the shared range.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkExpect,
  describeStep,
  evaluateScenario,
  expectOf,
  parseScenario,
} from '../../../spec/index.ts';
import { ids, verdict } from '../fixtures.ts';

const file = new URL('../../../examples/neutron-broadcast.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('the neutron broadcast example must be valid');
const results = evaluateScenario(parsed.scenario).results;

describe('neutron broadcast, foreign MACs and cross-border VMs', () => {
  it('gives the expected verdict at every traffic step, as the file writes it', () => {
    const traffic = results.filter((r) => r.expectation.kind === 'traffic');
    expect(traffic.map((r) => `${describeStep(r.step)} => ${verdict(r.expectation)}`)).toEqual([
      'broadcast vm1 -> vm2 udp/5000 => blocked',
      'broadcast vm1 -> vm2 udp/5000 => delivered from null',
      'broadcast vm1 -> vm3 udp/5000 => delivered from null',
      'broadcast vm1 -> vm3 udp/5000 (multicast) => delivered from null',
      'broadcast vm1 -> vm2 udp/5001 => blocked',
      'broadcast vm2 -> vm3 udp/5000 => blocked',
      'probe vm2 -> vm3 udp/5000 => delivered from 198.51.100.2',
      'broadcast vm2 -> vm3 udp/5000 => blocked',
      'macSpoof vm1 -> vm2 udp/5000 from a foreign MAC => blocked',
      'probe vm1 -> vm2 udp/5000 => delivered from 198.51.100.1',
      'probe vm1 -> vm2 tcp/22 => delivered from 198.51.100.1',
      'probe epouta1 -> vm2 tcp/22 => blocked',
      'probe epouta1 -> vm2 tcp/22 => delivered from 198.51.100.4',
      'broadcast vm2 -> vm3 udp/5000 => blocked',
      'broadcast vm2 -> vm3 udp/5000 => delivered from null',
    ]);
    for (const r of results)
      expect(checkExpect(expectOf(r.step), r.expectation).kind).not.toBe('contradicted');
  });

  it('names the promise that decides each part', () => {
    expect(ids(results[0]!.expectation)).toContain('NEUTRON-BROADCAST');
    expect(ids(results[10]!.expectation)).toEqual(['NEUTRON-IP-MAC-PAIR']);
    expect(ids(results[14]!.expectation)).toContain('SG-REMOTE-GROUP');
  });
});
