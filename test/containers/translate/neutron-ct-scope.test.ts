/**
 * NEUTRON-CT-DELETE in the reference driver: the entries neutron's ip_conntrack deletes
 * for a change, by the removed rule's protocol, direction and port address in the port's
 * zone (also entries of flows still admitted), and all of a port leaving a group.
 */
import { describe, expect, it } from 'vitest';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import {
  neutronDeletions,
  neutronScopeCommands,
  parseConntrackList,
} from '../../../containers/translate/index.ts';
import { bridgedFixtureState } from './driver-state-fixture.ts';

// web 198.51.100.10 and app 100.64.0.10 on h1 (bridge cloudbr0: zone 1).
const base = bridgedFixtureState({ profile: 'neutron' });
const state: DriverState = {
  ...base,
  ports: base.ports.map((p) => ({ ...p, bridge: 'cloudbr0' })),
};
const h1 = state.hosts.find((h) => h.name === 'h1')!;
const WEB = '198.51.100.10';
const APP = '100.64.0.10';
const EXT = '203.0.113.9';

const entry = (p: string, src: string, dst: string, dport: number | null, zone = 1) =>
  `${p}      6 431999 ESTABLISHED src=${src} dst=${dst} sport=40000${dport === null ? '' : ` dport=${dport}`} src=${dst} dst=${src} [ASSURED] mark=0 zone=${zone} use=1`;
const LIST = parseConntrackList(
  [
    entry('tcp', EXT, WEB, 443),
    entry('tcp', EXT, WEB, 22),
    entry('udp', EXT, WEB, 53),
    entry('tcp', WEB, APP, 8080),
    entry('udp', APP, EXT, 53),
    entry('tcp', EXT, WEB, 443, 7),
  ].join('\n'),
);

const withRules = (
  group: string,
  keep: (r: DriverState['groups'][number]['rules'][number]) => boolean,
) => ({
  ...state,
  generation: state.generation + 1,
  groups: state.groups.map((g) => (g.name === group ? { ...g, rules: g.rules.filter(keep) } : g)),
});
const leaving = (instance: string, group: string): DriverState => ({
  ...state,
  generation: state.generation + 1,
  ports: state.ports.map((p) =>
    p.instance === instance ? { ...p, groups: p.groups.filter((g) => g !== group) } : p,
  ),
});
const cmds = (next: DriverState) =>
  neutronScopeCommands(state, next, h1, LIST).map((c) => c.join(' '));

describe("neutron's deletion scope (NEUTRON-CT-DELETE)", () => {
  it("an ingress tcp rule goes: every tcp entry to the port's address in its zone, whatever the port", () => {
    const next = withRules('web', (r) => r.direction !== 'ingress');
    expect(cmds(next)).toEqual([
      `conntrack -D -p tcp -s ${EXT} -d ${WEB} --dport 443 -w 1`,
      `conntrack -D -p tcp -s ${EXT} -d ${WEB} --dport 22 -w 1`,
    ]);
  });

  it("an egress udp rule goes: the udp entries from the port's address only", () => {
    const next = withRules('app', (r) => r.protocol !== 'udp');
    expect(cmds(next)).toEqual([`conntrack -D -p udp -s ${APP} -d ${EXT} --dport 53 -w 1`]);
  });

  it('a port leaving a group loses all its entries; a member leaving a remote group its entries with the ports naming it', () => {
    // web leaves `base`: every entry of web. web leaves `web`, which app's rule names.
    expect(cmds(leaving('web', 'base'))).toEqual([
      `conntrack -D -p tcp -s ${EXT} -d ${WEB} --dport 443 -w 1`,
      `conntrack -D -p tcp -s ${EXT} -d ${WEB} --dport 22 -w 1`,
      `conntrack -D -p udp -s ${EXT} -d ${WEB} --dport 53 -w 1`,
      `conntrack -D -p tcp -s ${WEB} -d ${APP} --dport 8080 -w 1`,
    ]);
    // app's rule names group web: app's entries with web go too (in app's zone).
    expect(neutronDeletions(state, leaving('web', 'web'), h1)).toEqual(
      expect.arrayContaining([
        { protocol: null, zone: 1, src: WEB, dst: APP },
        { protocol: null, zone: 1, src: APP, dst: WEB },
      ]),
    );
    expect(neutronDeletions(state, leaving('web', 'base'), h1)).not.toEqual(
      expect.arrayContaining([{ protocol: null, zone: 1, src: WEB, dst: APP }]),
    );
  });

  it('nothing without a previous state or without a change', () => {
    expect(neutronScopeCommands(null, state, h1, LIST)).toEqual([]);
    expect(cmds({ ...state, generation: state.generation + 1 })).toEqual([]);
  });
});
