/**
 * Abstract references ("picks") that generated steps and rules carry instead of
 * names. A pick is resolved against the topology (and the evolving state) by index
 * modulo the number of candidates, so any shrunk combination of topology and steps
 * still resolves to names that exist: no `chain`, no `filter`.
 */
import fc from 'fast-check';
import type { Direction, RuleProtocol, TrafficProtocol } from '../../spec/index.ts';

/** Which instances a pick prefers; falls back to every instance when none fits. */
export type InstanceRole = 'any' | 'public' | 'nat' | 'private';

/** An instance, by role and index. */
export interface InstancePick {
  readonly kind: 'instance';
  readonly role: InstanceRole;
  readonly pick: number;
  /** Resolve to another instance than this one when the topology has two. */
  readonly distinctFrom?: InstancePick;
}

/** An external host, by index. */
export interface ExternalPick {
  readonly kind: 'external';
  readonly pick: number;
}

/** Either end of a flow. */
export type EndpointPick = InstancePick | ExternalPick;

/**
 * A group: any declared group, one the instance is (currently) in, or one it is not
 * in (what an attach to that instance would add; any group when it is in all).
 */
export type GroupPick =
  | { readonly kind: 'group'; readonly pick: number }
  | { readonly kind: 'groupOf'; readonly instance: InstancePick; readonly pick: number }
  | { readonly kind: 'notGroupOf'; readonly instance: InstancePick; readonly pick: number };

/** Whom a generated rule admits. */
export type RemotePick =
  | { readonly kind: 'anywhere' }
  | { readonly kind: 'externalBlock' }
  | { readonly kind: 'pool'; readonly pick: number }
  | { readonly kind: 'instanceIp'; readonly instance: InstancePick }
  | { readonly kind: 'externalIp'; readonly pick: number }
  /** The public address of the host running the instance: matches its NATed traffic. */
  | { readonly kind: 'hostIpOf'; readonly instance: InstancePick }
  | { readonly kind: 'group'; readonly group: GroupPick }
  /**
   * A block whose lower (`lo`) or upper (`hi`) bound is the instance's address, or
   * (`outside`) the address just beside it: traffic at the edge of a prefix.
   */
  | {
      readonly kind: 'edgeOf';
      readonly instance: InstancePick;
      readonly bound: 'lo' | 'hi';
      readonly outside: boolean;
    };

/** A rule before resolution; `ports` is dropped for icmp/any. */
export interface RulePick {
  readonly direction: Direction;
  readonly protocol: RuleProtocol;
  readonly ports: string | undefined;
  readonly remote: RemotePick;
}

/** Index picks stay small: they are reduced modulo tiny candidate lists anyway. */
export const pickArb = (): fc.Arbitrary<number> => fc.nat({ max: 11 });

/** An instance pick with the given role, one of the given roles, or any role. */
export function instancePickArb(
  role?: InstanceRole | readonly InstanceRole[],
): fc.Arbitrary<InstancePick> {
  const roles: readonly InstanceRole[] =
    role === undefined
      ? ['any', 'public', 'nat', 'private']
      : typeof role === 'string'
        ? [role]
        : role;
  return fc.record({
    kind: fc.constant('instance' as const),
    role: fc.constantFrom(...roles),
    pick: pickArb(),
  });
}

export const externalPickArb = (): fc.Arbitrary<ExternalPick> =>
  fc.record({ kind: fc.constant('external' as const), pick: pickArb() });

/** Instances weigh more than externals: they carry the rules under test. */
export const endpointPickArb = (): fc.Arbitrary<EndpointPick> =>
  fc.oneof(
    { arbitrary: instancePickArb(), weight: 3 },
    { arbitrary: externalPickArb(), weight: 1 },
  );

export const anyGroupArb = (): fc.Arbitrary<GroupPick> =>
  fc.record({ kind: fc.constant('group' as const), pick: pickArb() });

export const groupPickArb = (): fc.Arbitrary<GroupPick> =>
  fc.oneof(
    anyGroupArb(),
    fc.record({
      kind: fc.constant('groupOf' as const),
      instance: instancePickArb(),
      pick: pickArb(),
    }),
  );

export const remotePickArb = (): fc.Arbitrary<RemotePick> =>
  fc.oneof(
    { arbitrary: fc.constant({ kind: 'anywhere' as const }), weight: 3 },
    { arbitrary: fc.constant({ kind: 'externalBlock' as const }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('pool' as const), pick: pickArb() }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('instanceIp' as const),
        instance: instancePickArb(),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('externalIp' as const), pick: pickArb() }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('hostIpOf' as const), instance: instancePickArb() }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('group' as const), group: anyGroupArb() }),
      weight: 2,
    },
  );

export const trafficProtocolArb = (): fc.Arbitrary<TrafficProtocol> =>
  fc.constantFrom<TrafficProtocol>('tcp', 'udp', 'icmp');

/** Makes a template's second instance `b` differ from its first `a` (as far as possible). */
export function distinctB<T extends { readonly a: InstancePick; readonly b: InstancePick }>(
  t: T,
): T {
  return { ...t, b: { ...t.b, distinctFrom: t.a } };
}

/** Mostly null (use the instance the template names), sometimes an external host. */
export const sometimesExternalArb = (): fc.Arbitrary<ExternalPick | null> =>
  fc.oneof(
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: externalPickArb(), weight: 1 },
  );
