/**
 * Steering toward full coverage: run k of a run gets focus `k mod FOCUSES.length`, a
 * template placed in the topology so that it exercises requirements, situations, step
 * effects and match edges the mixed templates reach only by chance. For cloudstack,
 * every third run focuses on one of its L2 promises instead (L2_FOCUSES in turn); for
 * neutron, every fourth run on NEUTRON-CT-DELETE (CT_DELETE_FOCUSES in turn) and every
 * fourth on a frame promise (NEUTRON_FRAME_FOCUSES in turn: broadcast first in run 17).
 * Derived from the run index alone, so the same seed gives the same scenarios,
 * sharded or not.
 */
import type fc from 'fast-check';
import type { ProfileName } from '../../spec/index.ts';
import type { AbstractStep } from './abstract-step.ts';
import {
  addRuleFocus,
  attachFocus,
  ctDeleteFocus,
  cidrEdgeFocus,
  detachFocus,
  externalFocus,
  keepOnRemoveFocus,
  noGroupFocus,
  portEdgesFocus,
  remoteGroupFocus,
  reverseFocus,
  spoofFocus,
  wideOpenFocus,
  type Far,
} from './focus-templates.ts';
import {
  L2_OPS,
  broadcastFocus,
  invalidFocus,
  l2Focus,
  migrateFocus,
  secondaryIpFocus,
} from './l2-templates.ts';
import type { Situation } from './situation.ts';
import type { TopologyShape } from './topology-arbitrary.ts';

/** Index into the profile's network kinds: 0 public, 1 nat, 2 private. */
type KindIndex = 0 | 1 | 2;
const PUBLIC = 0;
const NAT = 1;
const PRIVATE = 2;

/** Where a focus puts its instances A and B (the first two) and what they start with. */
export interface Placement {
  readonly situation: Situation;
  readonly a: KindIndex;
  readonly b: KindIndex;
  /** A starts in no group (SG-NONE). */
  readonly aWithoutGroup?: boolean;
}

/** One entry of the schedule. */
export interface Focus {
  readonly name: string;
  readonly placement: Placement;
  readonly steps: fc.Arbitrary<AbstractStep[]>;
}

const farIn = (s: Situation): Far => (s === 'internet' ? 'internet' : 'B');
const ALL: readonly Situation[] = ['same-host', 'other-host', 'other-site', 'internet'];
const internal = (s: Situation): boolean => s === 'same-host' || s === 'other-host';

function each(
  name: string,
  situations: readonly Situation[],
  make: (s: Situation) => Omit<Focus, 'name'>,
): Focus[] {
  return situations.map((s) => ({ name: `${name}@${s}`, ...make(s) }));
}

/** The schedule, in order. */
export const FOCUSES: readonly Focus[] = [
  // A public, B nat inside a site (NET-ONE-DOMAIN); across sites both public (NET-SITES).
  ...each('reverse', ALL, (s) => ({
    placement: { situation: s, a: PUBLIC, b: internal(s) ? NAT : PUBLIC },
    steps: reverseFocus(farIn(s)),
  })),
  // A nat: masqueraded to the Internet and other sites (NET-NAT-OUT).
  ...each('keep-on-remove', ALL, (s) => ({
    placement: { situation: s, a: internal(s) ? PUBLIC : NAT, b: PUBLIC },
    steps: keepOnRemoveFocus(farIn(s)),
  })),
  ...each('no-group', ALL, (s) => ({
    placement: { situation: s, a: PUBLIC, b: PUBLIC, aWithoutGroup: true },
    steps: noGroupFocus(farIn(s)),
  })),
  ...each('private', ['other-site', 'internet'], (s) => ({
    placement: { situation: s, a: PRIVATE, b: PUBLIC },
    steps: wideOpenFocus(farIn(s)),
  })),
  ...each('nat-in', ['other-site', 'internet'], (s) => ({
    placement: { situation: s, a: NAT, b: PUBLIC },
    steps: wideOpenFocus(farIn(s)),
  })),
  ...each('spoof', ALL, (s) => ({
    placement: { situation: s, a: PUBLIC, b: PUBLIC },
    steps: spoofFocus(farIn(s)),
  })),
  ...each('remote-group', ALL, (s) => ({
    placement: { situation: s, a: PUBLIC, b: PUBLIC },
    steps: remoteGroupFocus(farIn(s)),
  })),
  {
    name: 'external',
    placement: { situation: 'internet', a: PUBLIC, b: PUBLIC },
    steps: externalFocus(),
  },
  ...(['ingress', 'egress'] as const).flatMap((side) => [
    {
      name: `add-${side}`,
      placement: { situation: 'other-host', a: PUBLIC, b: PUBLIC },
      steps: addRuleFocus(side),
    } as const,
    {
      name: `attach-${side}`,
      placement: { situation: 'same-host', a: PUBLIC, b: PUBLIC },
      steps: attachFocus(side),
    } as const,
    {
      name: `detach-${side}`,
      placement: { situation: 'other-host', a: PUBLIC, b: NAT },
      steps: detachFocus(side),
    } as const,
  ]),
  ...(['lo', 'hi'] as const).flatMap((bound) =>
    [false, true].map((outside) => ({
      name: `cidr-${bound}${outside ? '-outside' : ''}`,
      placement: { situation: 'same-host', a: PUBLIC, b: PUBLIC } as const,
      steps: cidrEdgeFocus(bound, outside),
    })),
  ),
  {
    name: 'port-edges',
    placement: { situation: 'other-host', a: PUBLIC, b: PUBLIC },
    steps: portEdgesFocus(),
  },
];

/** CS-MIGRATE: B moves to A's host, where A probes it (`migrateFocus`). */
const MIGRATE_FOCUS: Focus = {
  name: 'migrate@other-host',
  placement: { situation: 'other-host', a: PUBLIC, b: PUBLIC },
  steps: migrateFocus(),
};

/**
 * The cloudstack L2 promises, each with A and B on one segment, on one host and on two
 * (frames then cross the VXLAN link and both hosts' bridge tables), and CS-MIGRATE
 * fifth: early in a run without moving the first four.
 */
export const L2_FOCUSES: readonly Focus[] = (['same-host', 'other-host'] as const)
  .flatMap((situation): Focus[] => [
    ...L2_OPS.map((what) => ({
      name: `l2-${what}@${situation}`,
      placement: { situation, a: PUBLIC, b: PUBLIC } as const,
      steps: l2Focus(what),
    })),
    {
      name: `secondary-ip@${situation}`,
      placement: { situation, a: PUBLIC, b: PUBLIC } as const,
      steps: secondaryIpFocus(),
    },
  ])
  .toSpliced(4, 0, MIGRATE_FOCUS);

/**
 * NEUTRON-CT-DELETE: a sibling rule goes while a flow is open, then the server speaks;
 * on one host (one conntrack entry, both ends' chains judge the reply) and on two (only
 * the server's host lost its entry).
 */
export const CT_DELETE_FOCUSES: readonly Focus[] = (['same-host', 'other-host'] as const).map(
  (situation) => ({
    name: `ct-delete@${situation}`,
    placement: { situation, a: PUBLIC, b: PUBLIC },
    steps: ctDeleteFocus(),
  }),
);

/**
 * neutron's frame promises, A and B on one segment, on one host and on two: segments of
 * no connection (NEUTRON-INVALID), and a rogue DHCP offer followed by DHCP from the
 * segment's server (L2-NO-ROGUE-DHCP, NEUTRON-DHCP-CLIENT); then broadcast and a foreign
 * MAC (NEUTRON-BROADCAST, NEUTRON-IP-MAC-PAIR), appended so that the first four frame
 * runs (1, 5, 9, 13) stay what they were.
 */
export const NEUTRON_FRAME_FOCUSES: readonly Focus[] = [
  ...(['same-host', 'other-host'] as const).flatMap((situation): Focus[] => [
    {
      name: `invalid@${situation}`,
      placement: { situation, a: PUBLIC, b: PUBLIC },
      steps: invalidFocus(),
    },
    {
      name: `l2-rogueDhcp@${situation}`,
      placement: { situation, a: PUBLIC, b: PUBLIC },
      steps: l2Focus('rogueDhcp'),
    },
  ]),
  ...(['same-host', 'other-host'] as const).map((situation): Focus => ({
    name: `broadcast@${situation}`,
    placement: { situation, a: PUBLIC, b: PUBLIC },
    steps: broadcastFocus(),
  })),
];

/** The focus of run `run` for `profile`. */
export function focusOf(run: number, profile: ProfileName = 'safespring'): Focus {
  if (profile === 'neutron') {
    // Every fourth run from run 3: NEUTRON-CT-DELETE; every fourth from run 1: a frame
    // promise (NEUTRON_FRAME_FOCUSES); the others go through FOCUSES.
    const ctDeletes = Math.floor((run + 1) / 4);
    const frames = Math.floor((run + 3) / 4);
    if (run % 4 === 3) return CT_DELETE_FOCUSES[(ctDeletes - 1) % CT_DELETE_FOCUSES.length]!;
    if (run % 4 === 1) return NEUTRON_FRAME_FOCUSES[(frames - 1) % NEUTRON_FRAME_FOCUSES.length]!;
    return withKindsRotated(FOCUSES, run - ctDeletes - frames);
  }
  if (profile !== 'cloudstack') return withKindsRotated(FOCUSES, run);
  // Every third run, from run 0: one L2 promise; the others go through FOCUSES in order.
  const third = Math.floor(run / 3);
  if (run % 3 === 0) return L2_FOCUSES[third % L2_FOCUSES.length]!;
  return FOCUSES[(run - third - 1) % FOCUSES.length]!;
}

/**
 * Entry `run mod length` of `focuses`; on its r-th repetition inside a site, A and B
 * move r and 2r network kinds on (mod 3), so that rules and conntrack are exercised
 * with every kind at each end (`end:` targets), not only the first pass's kinds. Across
 * the site boundary the kinds decide the outcome (NAT, private), so they stay.
 */
function withKindsRotated(focuses: readonly Focus[], run: number): Focus {
  const focus = focuses[run % focuses.length]!;
  const rep = Math.floor(run / focuses.length) % 3;
  const { placement } = focus;
  if (rep === 0 || !internal(placement.situation)) return focus;
  const turn = (k: KindIndex, by: number) => ((k + by) % 3) as KindIndex;
  return {
    ...focus,
    placement: { ...placement, a: turn(placement.a, rep), b: turn(placement.b, 2 * rep) },
  };
}

/**
 * `shape` with A and B placed as `placement` says, in rule-less groups of their own
 * (A in the first, B in the second), and two external hosts. Other sites fall back to
 * other hosts when `maxSites` is 1.
 */
export function placeFocus(
  shape: TopologyShape,
  placement: Placement,
  maxSites: number,
): TopologyShape {
  const situation =
    placement.situation === 'other-site' && maxSites < 2 ? 'other-host' : placement.situation;
  const twoSites = situation === 'other-site';
  const twoHosts = situation === 'other-host';
  const [first, second, ...rest] = shape.instances;
  if (first === undefined || second === undefined) return shape;
  return {
    ...shape,
    siteCount: twoSites ? Math.max(2, shape.siteCount) : shape.siteCount,
    hostsPerSite: shape.hostsPerSite.map((h, s) => (s === 0 && twoHosts ? 2 : h)),
    externalCount: 2,
    groups: shape.groups.map((g, i) => (i < 2 ? { ...g, rules: [] } : g)),
    instances: [
      { ...first, site: 0, host: 0, kind: placement.a, groups: placement.aWithoutGroup ? [] : [0] },
      { ...second, site: twoSites ? 1 : 0, host: twoHosts ? 1 : 0, kind: placement.b, groups: [1] },
      ...rest,
    ],
  };
}
