/** The neutron virtual router example (seed 004, neutron's router_info.py) on the model. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeStep,
  evaluateScenario,
  parseScenario,
  toScenarioInput,
} from '../../../spec/index.ts';
import { plumbingKey } from '../../../harness/runner/index.ts';
import { ids, verdict } from '../fixtures.ts';

const file = new URL('../../../examples/neutron-router.json', import.meta.url);
const input = JSON.parse(readFileSync(file, 'utf8')) as { topology: { sites: object[] } };
const parsed = parseScenario(input);
if (!parsed.ok) throw new Error('the neutron router example must be valid');
const results = evaluateScenario(parsed.scenario).results;

describe('neutron virtual router', () => {
  it('gives the expected verdict at every step: the Internet sees the router, not the host', () => {
    expect(results.map((r) => `${describeStep(r.step)} => ${verdict(r.expectation)}`)).toEqual([
      'probe app1 -> inet udp/53 => blocked',
      'addRule app: egress any to 0.0.0.0/0 => config',
      'probe app1 -> inet udp/53 => delivered from 192.0.2.2',
      'probe app2 -> inet tcp/443 => delivered from 192.0.2.2',
      'open ntp: app1 -> inet udp/123 => delivered from 192.0.2.2',
      'send ntp reply => delivered from 203.0.113.11',
      'probe inet -> app1 tcp/22 => blocked',
      'probe app1 -> web tcp/80 => delivered from 100.64.0.1',
    ]);
    expect(ids(results[2]!.expectation)).toContain('NEUTRON-ROUTER-SNAT');
    expect(ids(results[2]!.expectation)).not.toContain('NET-NAT-OUT');
    expect(ids(results[6]!.expectation)).toContain('NET-NAT-IN');
  });

  it("allocates the router's address after the hosts when the site names none", () => {
    const sites = [{ name: 'sto1' }];
    const again = parseScenario({ ...input, topology: { ...input.topology, sites } });
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.scenario.topology.sites[0]!.routerIp).toBe('192.0.2.13');
    const probe = evaluateScenario(again.scenario).results[2]!.expectation;
    expect(probe.kind === 'traffic' && probe.seenFrom).toBe('192.0.2.13');
  });

  it('rejects a router address outside 192.0.2.0/24, naming the field', () => {
    const sites = [{ name: 'sto1', routerIp: '10.5.0.2' }];
    const bad = parseScenario({ ...input, topology: { ...input.topology, sites } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(JSON.stringify(bad.issues)).toContain('routerIp');
  });

  it('a safespring nat instance is still masqueraded by its compute host (NET-NAT-OUT)', () => {
    const safespring = parseScenario({ ...input, profile: 'safespring' });
    if (!safespring.ok) throw new Error(JSON.stringify(safespring.issues));
    const probe = evaluateScenario(safespring.scenario).results[2]!.expectation;
    expect(probe.kind === 'traffic' && probe.seenFrom).toBe('192.0.2.11');
    expect(ids(probe)).toContain('NET-NAT-OUT');
  });

  it('keeps the router address in written repros and in the dataplane pool key', () => {
    if (!parsed.ok) throw new Error('unreachable');
    const again = parseScenario(toScenarioInput(parsed.scenario));
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.scenario.topology.sites[0]!.routerIp).toBe('192.0.2.2');
    const t = parsed.scenario.topology;
    const moved = { ...t, sites: [{ name: 'sto1', routerIp: '192.0.2.3' }] };
    expect(plumbingKey(moved)).not.toBe(plumbingKey(t));
  });
});
