/**
 * Which root-namespace changes around a driver call are blamed on the driver, over
 * pairs of pictures (no root namespace touched): another run's link and the lines
 * naming it are not; the calling run's own link, and anything else, still is; a change
 * seen by one reading only is not confirmed.
 */
import { describe, expect, it } from 'vitest';
import { confirmedChanges, driverRootChanges } from '../../../containers/lifecycle/index.ts';

const picture = (links: string[], routes: string[] = []) => ({
  linkNames: ['eth0', 'lo', ...links].sort().join('\n'),
  routes: ['default via 10.0.0.1 dev eth0', ...routes].join('\n'),
  ruleset: 'table ip nat\ntable ip nat/chain POSTROUTING',
});

const runs = { own: ['ncown1'], claimed: ['ncown1', 'ncoth2', 'nc'] };

describe('root changes blamed on a driver', () => {
  it("ignores another run's link appearing, with its routes", () => {
    const after = picture(['ncoth2i0'], ['10.9.0.0/24 dev ncoth2i0 scope link']);
    expect(driverRootChanges(picture([]), after, runs)).toEqual([]);
  });

  it("ignores another run's link going away", () => {
    expect(driverRootChanges(picture(['ncoth2b1']), picture([]), runs)).toEqual([]);
  });

  it("reports the run's own link, even when a shorter claimed prefix also matches it", () => {
    const after = picture(['ncown1bad'], ['10.9.0.0/24 dev ncown1bad scope link']);
    expect(driverRootChanges(picture([]), after, runs)).toEqual([
      'linkNames: +ncown1bad',
      'routes: +10.9.0.0/24 dev ncown1bad scope link',
    ]);
  });

  it('reports an unclaimed name and a route that only mentions a prefix as part of a longer name', () => {
    const after = picture(['tapabc'], ['10.8.0.0/24 dev xncoth2i0 scope link']);
    expect(driverRootChanges(picture([]), after, runs)).toEqual([
      'linkNames: +tapabc',
      'routes: +10.8.0.0/24 dev xncoth2i0 scope link',
    ]);
  });

  it("reports the driver's change next to another run's", () => {
    const after = picture(['ncoth2i0', 'ncown1i0']);
    expect(driverRootChanges(picture([]), after, runs)).toEqual(['linkNames: +ncown1i0']);
  });

  it("a prefix claimed by the run itself is never another run's", () => {
    const own = { own: ['ncoth2'], claimed: ['ncoth2'] };
    expect(driverRootChanges(picture([]), picture(['ncoth2i0']), own)).toEqual([
      'linkNames: +ncoth2i0',
    ]);
  });

  it('an empty ruleset read once is not confirmed by a second reading; a real change is', () => {
    const before = picture([]);
    const empty = { ...before, ruleset: '' };
    const first = driverRootChanges(before, empty, runs);
    expect(first).toContain('ruleset: -table ip nat/chain POSTROUTING');
    expect(confirmedChanges(first, driverRootChanges(before, before, runs))).toEqual([]);
    const changed = picture(['tapabc']);
    const seen = driverRootChanges(before, changed, runs);
    expect(confirmedChanges(seen, driverRootChanges(before, changed, runs))).toEqual(seen);
  });
});
