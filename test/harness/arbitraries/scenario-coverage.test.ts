/**
 * The coverage tags of hand-written scenarios: requirement IDs, the situation each was
 * exercised in, configuration step effects (which side), and rule-matching edges.
 */
import { describe, expect, it } from 'vitest';
import { scenarioCoverage } from '../../../harness/arbitraries/index.ts';
import type { ScenarioInput } from '../../../spec/index.ts';
import { oneSite } from '../../spec/fixtures.ts';

type StepInput = NonNullable<ScenarioInput['steps']>[number];

const topology: Partial<ScenarioInput['topology']> = {
  hosts: [
    { name: 'h1', site: 's1', publicIp: '192.0.2.11' },
    { name: 'h2', site: 's1', publicIp: '192.0.2.12' },
  ],
  instances: [
    { name: 'a', network: 'pub', host: 'h1', ip: '198.51.100.10', groups: ['ga'] },
    { name: 'b', network: 'pub', host: 'h2', ip: '198.51.100.11', groups: ['gb'] },
    { name: 'c', network: 'nat', host: 'h1', ip: '100.64.0.10', groups: [] },
  ],
  groups: [
    {
      name: 'ga',
      rules: [{ direction: 'egress', protocol: 'any', remote: { cidr: '0.0.0.0/0' } }],
    },
    { name: 'gb', rules: [] },
    { name: 'gc', rules: [] },
  ],
};
const coverage = (steps: StepInput[]) => scenarioCoverage(oneSite('safespring', topology, steps));
const probe = (from: string, to: string, port = 22) =>
  ({ op: 'probe', from, to, protocol: 'tcp', port }) as const;
const ingress = (ports: string, cidr = '0.0.0.0/0') =>
  ({ direction: 'ingress', protocol: 'tcp', ports, remote: { cidr } }) as const;

describe('scenarioCoverage', () => {
  it('names the requirements that decided traffic, with the situation and end kinds', () => {
    const c = coverage([probe('a', 'b'), probe('a', 'ext')]);
    expect(c.requirements).toEqual(
      expect.arrayContaining(['SG-MATCH', 'SG-BOTH-ENDS', 'NET-PUBLIC']),
    );
    expect(c.features).toEqual(
      expect.arrayContaining([
        'situation:SG-BOTH-ENDS:other-host',
        'situation:NET-PUBLIC:internet',
        'end:NET-PUBLIC:from:public',
        'end:NET-PUBLIC:to:external',
      ]),
    );
    expect(c.features).not.toContain('situation:SG-BOTH-ENDS:same-host');
  });

  it('counts only the steps that ran', () => {
    const c = scenarioCoverage(
      oneSite('safespring', topology, [probe('a', 'b'), probe('a', 'ext')]),
      1,
    );
    expect(c.requirements).not.toContain('NET-PUBLIC');
  });

  it('tells which side a configuration step worked on, only when later traffic shows it', () => {
    const add = { op: 'addRule', group: 'gb', rule: ingress('22') } as const;
    expect(coverage([add]).features.filter((f) => f.startsWith('step:'))).toEqual([]);
    expect(coverage([add, probe('a', 'b')]).features).toContain('step:addRule:ingress');
    const remove = {
      op: 'removeRule',
      group: 'ga',
      rule: topology.groups![0]!.rules![0]!,
    } as const;
    // Once the egress is gone the ingress rule no longer decides anything.
    const removed = coverage([add, remove, probe('a', 'b')]).features;
    expect(removed).toContain('step:removeRule:egress');
    expect(removed).not.toContain('step:addRule:ingress');
    const detach = { op: 'detachGroup', instance: 'a', group: 'ga' } as const;
    expect(coverage([add, detach, probe('a', 'b')]).features).toContain('step:detachGroup:egress');
    const fromMembers = {
      op: 'addRule',
      group: 'gb',
      rule: { direction: 'ingress', protocol: 'tcp', remote: { group: 'gc' } },
    } as const;
    const attach = { op: 'attachGroup', instance: 'a', group: 'gc' } as const;
    expect(coverage([fromMembers, attach, probe('a', 'b')]).features).toContain(
      'step:attachGroup:remote',
    );
  });

  it('sees traffic just inside and just outside port and address bounds', () => {
    const range = { op: 'addRule', group: 'gb', rule: ingress('1000-1002') } as const;
    const edges = (steps: StepInput[]) =>
      coverage(steps).features.filter((f) => f.startsWith('match:port'));
    expect(edges([range, probe('a', 'b', 1002)])).toEqual(['match:port-hi:inside']);
    expect(edges([range, probe('a', 'b', 1003), probe('a', 'b', 999)])).toEqual([
      'match:port-hi:outside',
      'match:port-lo:outside',
    ]);
    // a (198.51.100.10) is inside .10/32, just above .8/31 and just below .11/32.
    const block = (cidr: string) =>
      ({ op: 'addRule', group: 'gb', rule: ingress('22', cidr) }) as const;
    expect(coverage([block('198.51.100.10/32'), probe('a', 'b')]).features).toEqual(
      expect.arrayContaining(['match:cidr-lo:inside', 'match:cidr-hi:inside']),
    );
    expect(coverage([block('198.51.100.8/31'), probe('a', 'b')]).features).toContain(
      'match:cidr-hi:outside',
    );
    expect(coverage([block('198.51.100.11/32'), probe('a', 'b')]).features).toContain(
      'match:cidr-lo:outside',
    );
  });

  it('does not look at rules where the network decides first', () => {
    const open = { op: 'addRule', group: 'gb', rule: ingress('22') } as const;
    expect(
      coverage([open, probe('ext', 'c')]).features.filter((f) => f.startsWith('match:')),
    ).toEqual([]);
  });
});
