/**
 * Resolving chunks of abstract steps: whole chunks within `maxSteps` (a template cut
 * before its probe tests nothing), second groups on demand, and groups an instance
 * is not in.
 */
import { describe, expect, it } from 'vitest';
import type { AbstractStep } from '../../../harness/arbitraries/abstract-step.ts';
import type { InstancePick } from '../../../harness/arbitraries/picks.ts';
import { resolveChunks } from '../../../harness/arbitraries/resolve-steps.ts';
import {
  addRule,
  ensureGroup,
  notGroupOf,
  wideRule,
} from '../../../harness/arbitraries/step-builders.ts';
import { topologyView } from '../../../harness/arbitraries/topology-view.ts';
import type { ScenarioInput } from '../../../spec/index.ts';

const topology: ScenarioInput['topology'] = {
  sites: [{ name: 'sto1' }],
  networks: [{ name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/26' }],
  hosts: [{ name: 'cmp1', site: 'sto1' }],
  instances: [
    { name: 'web', network: 'pub', host: 'cmp1', groups: ['sg1'] },
    { name: 'app', network: 'pub', host: 'cmp1', groups: [] },
  ],
  externals: [{ name: 'ext1' }],
  groups: [
    { name: 'sg1', rules: [] },
    { name: 'sg2', rules: [] },
    { name: 'sg3', rules: [] },
  ],
};
const web: InstancePick = { kind: 'instance', role: 'any', pick: 0 };
const app: InstancePick = { kind: 'instance', role: 'any', pick: 1 };
const probe: AbstractStep = { op: 'probe', from: web, to: app, protocol: 'tcp', port: 22 };
const resolve = (chunks: AbstractStep[][], maxSteps = 8) =>
  resolveChunks(topologyView('safespring', topology), topology, chunks, maxSteps);

describe('resolveChunks', () => {
  it('skips a chunk that does not fit whole and lets a later, shorter one fill the room', () => {
    const long = [addRule(notGroupOf(web), wideRule('egress')), probe, probe];
    const steps = resolve([[probe], long, [probe]], 3);
    expect(steps.map((s) => s.op)).toEqual(['probe', 'probe']);
  });

  it('cuts only a first chunk that is longer than maxSteps', () => {
    expect(resolve([[probe, probe, probe]], 2)).toHaveLength(2);
  });

  it('rolls back the membership changes of a skipped chunk', () => {
    const attach: AbstractStep[] = [ensureGroup(app), probe, probe];
    const steps = resolve([[probe], attach, [ensureGroup(app)]], 2);
    // The second chunk was skipped, so app is still in no group for the third.
    expect(steps).toEqual([
      { op: 'probe', from: 'web', to: 'app', protocol: 'tcp', port: 22 },
      { op: 'attachGroup', instance: 'app', group: 'sg2' },
    ]);
  });

  it('attaches a second group on demand, and only while the instance has fewer', () => {
    const steps = resolve([[ensureGroup(web, 2), ensureGroup(web, 2), ensureGroup(web)]]);
    expect(steps).toEqual([{ op: 'attachGroup', instance: 'web', group: 'sg2' }]);
  });

  it('names a group the instance is not in, whatever the pick', () => {
    for (let pick = 0; pick < 4; pick++) {
      const [step] = resolve([[addRule(notGroupOf(web, pick), wideRule('egress'))]]);
      expect(step).toMatchObject({ op: 'addRule' });
      expect(step !== undefined && 'group' in step ? step.group : '').not.toBe('sg1');
    }
  });
});
