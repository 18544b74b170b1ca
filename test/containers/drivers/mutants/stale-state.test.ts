import { describe, expect, it } from 'vitest';
import { detachIgnored, staleRemoteGroups } from '../../../../containers/drivers/index.ts';
import type { DriverState } from '../../../../harness/dataplane/index.ts';
import { fixtureState } from '../../translate/driver-state-fixture.ts';

function membersOf(state: DriverState, group: string): readonly string[] | undefined {
  for (const rule of state.groups.flatMap((g) => g.rules)) {
    if ('group' in rule.remote && rule.remote.group === group) return rule.remote.members;
  }
  return undefined;
}

const withAppMembers = (state: DriverState, members: string[]): DriverState => ({
  ...state,
  groups: state.groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) =>
      'group' in r.remote && r.remote.group === 'app'
        ? { ...r, remote: { group: 'app', members } }
        : r,
    ),
  })),
});

describe('staleRemoteGroups', () => {
  it('keeps the first members seen within a scenario and forgets them on a new one', () => {
    const stale = staleRemoteGroups();
    stale(fixtureState({ generation: 0 }));
    const later = stale(withAppMembers(fixtureState({ generation: 3 }), ['100.64.0.99']));
    expect(membersOf(later, 'app')).toEqual(['100.64.0.10']);
    const nextScenario = stale(withAppMembers(fixtureState({ generation: 0 }), ['100.64.0.99']));
    expect(membersOf(nextScenario, 'app')).toEqual(['100.64.0.99']);
    const otherRun = staleRemoteGroups()(withAppMembers(fixtureState(), ['100.64.0.7']));
    expect(membersOf(otherRun, 'app')).toEqual(['100.64.0.7']);
  });
});

describe('detachIgnored', () => {
  it('keeps detached groups but honours attaches', () => {
    const sticky = detachIgnored();
    sticky(fixtureState({ generation: 0 }));
    const base = fixtureState({ generation: 1 });
    const changed = sticky({
      ...base,
      ports: base.ports.map((p) => (p.instance === 'web' ? { ...p, groups: ['extra'] } : p)),
    });
    expect(changed.ports.find((p) => p.instance === 'web')!.groups).toEqual([
      'base',
      'web',
      'extra',
    ]);
  });
});
