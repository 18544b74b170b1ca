/** State versions: v1 for external drivers on routed plumbing, v2 as soon as a host is bridged. */
import { describe, expect, it } from 'vitest';
import {
  AnyDriverState,
  DriverState,
  DriverStateV1,
  externalDriverState,
  fromDriverStateV1,
  toDriverStateV1,
} from '../../../harness/dataplane/index.ts';
import { fixtureState } from '../../containers/translate/driver-state-fixture.ts';

describe('driver state versions', () => {
  const routed = fixtureState();
  const bridged: DriverState = {
    ...routed,
    hosts: routed.hosts.map((h) => ({ ...h, plumbing: 'bridged' })),
  };

  it('hands external drivers version 1 on routed plumbing, the v2 fields dropped', () => {
    const wire = externalDriverState(routed);
    expect(wire.version).toBe(1);
    expect(DriverStateV1.parse(wire)).toEqual(toDriverStateV1(routed));
    expect(JSON.stringify(wire)).not.toMatch(/portId|bridges|"mac"/);
  });

  it('hands them version 2 once a host is bridged', () => {
    const wire = externalDriverState(bridged);
    expect(wire.version).toBe(2);
    expect(AnyDriverState.parse(wire)).toEqual(bridged);
  });

  it('reads a v1 state as v2 with stable IDs (port IDs unique in 10 characters)', () => {
    const v2 = DriverState.parse(fromDriverStateV1(toDriverStateV1(routed)));
    expect(v2).toEqual(routed);
    const prefixes = v2.ports.map((p) => p.portId.slice(0, 10));
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
