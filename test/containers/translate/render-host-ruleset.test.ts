import { describe, expect, it } from 'vitest';
import {
  egressChain,
  ingressChain,
  referenceRenderOptions,
  rendererParamsFor,
  renderHostRuleset,
  renderTeardown,
} from '../../../containers/translate/index.ts';
import type { DriverState } from '../../../harness/dataplane/index.ts';
import { bridgedFixtureState, fixtureState } from './driver-state-fixture.ts';
import { chainBody, setElements } from './ruleset-text.ts';

const safespring = referenceRenderOptions(rendererParamsFor('safespring'));
const cloudstack = referenceRenderOptions(rendererParamsFor('cloudstack'));
const render = (host: string, state: DriverState = fixtureState(), options = safespring) =>
  renderHostRuleset(state, host, options);

describe('renderHostRuleset: transaction shape', () => {
  it('declares, deletes and redefines only its own table, never flushing the ruleset', () => {
    const lines = render('h1')
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(lines.slice(0, 4)).toEqual([
      'table inet netconform {',
      '}',
      'delete table inet netconform',
      'table inet netconform {',
    ]);
    expect(render('h1')).not.toMatch(/flush|ruleset|conntrack/);
    expect(lines.filter((l) => l.startsWith('table ')).length).toBe(2);
  });

  it('is deterministic and throws for a host not in the state', () => {
    expect(render('h1')).toBe(render('h1'));
    expect(() => render('nope')).toThrow(/host nope is not in the driver state/);
  });

  it('renders a teardown that tolerates absent tables', () => {
    expect(renderTeardown()).toBe(
      'table inet netconform {\n}\ndelete table inet netconform\n' +
        'table bridge netconform_l2 {\n}\ndelete table bridge netconform_l2\n',
    );
  });
});

describe('renderHostRuleset: forward chain', () => {
  it('accepts established/related and drops invalid before jumping to per-instance chains', () => {
    expect(chainBody(render('h1'), 'forward')).toEqual([
      'type filter hook forward priority filter; policy accept;',
      'ct state established,related accept',
      'ct state invalid drop',
      'iifname "tx-web" jump from_web',
      'iifname "tx-app" jump from_app',
      'oifname "tx-web" jump to_web',
      'oifname "tx-app" jump to_app',
    ]);
  });

  it('only programs instances of its own host', () => {
    const h2 = render('h2');
    expect(h2).not.toContain('tx-web');
    expect(chainBody(h2, 'forward')).toContain(`iifname "tx-db" jump ${egressChain('db.1')}`);
  });

  it('sanitizes instance names into valid, distinct chain names', () => {
    expect(egressChain('db.1')).toMatch(/^from_db_1_[0-9a-f]{6}$/);
    expect(egressChain('db.1')).not.toBe(egressChain('db-1'));
    expect(ingressChain('web')).toBe('to_web');
  });
});

describe('renderHostRuleset: per-instance policy', () => {
  it('checks the source address first, then returns on egress rules, default drop', () => {
    expect(chainBody(render('h1'), 'from_app')).toEqual([
      'meta nfproto != ipv4 drop',
      'ip saddr != 100.64.0.10 drop',
      'meta l4proto udp th dport 53 ip daddr 203.0.113.0/24 return',
      'drop',
    ]);
  });

  it('accepts on the union of all groups ingress rules, inclusive port ranges, remote groups', () => {
    expect(chainBody(render('h1'), 'to_web')).toEqual([
      'meta nfproto != ipv4 drop',
      'meta l4proto icmp accept',
      'meta l4proto tcp th dport 443 accept',
      'drop',
    ]);
    expect(chainBody(render('h1'), 'to_app')).toContain(
      'meta l4proto tcp th dport 8000-8080 ip saddr @rg_web accept',
    );
  });

  it('renders `any` with no protocol match and 0.0.0.0/0 with no address match', () => {
    expect(chainBody(render('h1'), 'from_web')).toEqual([
      'meta nfproto != ipv4 drop',
      'ip saddr != 198.51.100.10 drop',
      'return',
      'drop',
    ]);
  });

  it('gives an instance in no group nothing but the default drop (SG-NONE)', () => {
    const state = fixtureState();
    const lonely = { ...state, ports: state.ports.map((p) => ({ ...p, groups: [] })) };
    expect(chainBody(render('h1', lonely), 'from_web').at(-1)).toBe('drop');
    expect(chainBody(render('h1', lonely), 'from_web')).not.toContain('return');
    expect(chainBody(render('h1', lonely), 'to_web')).toEqual([
      'meta nfproto != ipv4 drop',
      'drop',
    ]);
  });

  it('confines private instances to their own site pools in both directions', () => {
    const h2 = render('h2');
    expect(chainBody(h2, egressChain('db.1')).slice(0, 3)).toEqual([
      'meta nfproto != ipv4 drop',
      'ip saddr != 100.65.0.10 drop',
      'ip daddr != @site_pools drop',
    ]);
    expect(chainBody(h2, ingressChain('db.1'))[1]).toBe('ip saddr != @site_pools drop');
    expect(chainBody(render('h1'), 'from_app')).not.toContain('ip daddr != @site_pools drop');
  });
});

describe('renderHostRuleset: sets', () => {
  it('lists only its own site pools, and nat pools for NAT', () => {
    expect(setElements(render('h1'), 'site_pools')).toEqual([
      '198.51.100.0/26',
      '100.64.0.0/16',
      '100.65.0.0/16',
    ]);
    expect(setElements(render('h1'), 'nat_pools')).toEqual(['100.64.0.0/16']);
  });

  it('rebuilds remote-group sets from the current members', () => {
    const state = fixtureState();
    expect(setElements(render('h2', state), 'rg_app')).toEqual(['100.64.0.10']);
    const grown: DriverState = {
      ...state,
      groups: state.groups.map((g) => ({
        ...g,
        rules: g.rules.map((r) =>
          'group' in r.remote && r.remote.group === 'app'
            ? { ...r, remote: { group: 'app', members: ['100.64.0.10', '100.64.0.11'] } }
            : r,
        ),
      })),
    };
    expect(setElements(render('h2', grown), 'rg_app')).toEqual(['100.64.0.10', '100.64.0.11']);
    expect(setElements(render('h2', state), 'rg_web')).toBeUndefined();
  });
});

describe('renderHostRuleset: NAT', () => {
  it('SNATs nat pools leaving the site pools to the host public address on the uplink', () => {
    const rule = 'oifname "up0" ip saddr @nat_pools ip daddr != @site_pools snat ip to 192.0.2.1';
    expect(chainBody(render('h1'), 'postrouting')).toEqual([
      'type nat hook postrouting priority srcnat; policy accept;',
      rule,
    ]);
    expect(chainBody(render('h2'), 'postrouting')[1]).toBe(rule.replace('192.0.2.1', '192.0.2.2'));
  });

  it('renders no NAT rule for a site without nat pools', () => {
    const state = fixtureState();
    const noNat = { ...state, pools: state.pools.filter((p) => p.kind !== 'nat') };
    expect(chainBody(render('h1', noNat), 'postrouting')).toHaveLength(1);
  });
});

describe('renderHostRuleset: profiles', () => {
  it('opens egress (cloudstack) only while none of the port groups has an egress rule', () => {
    const state = fixtureState({ profile: 'cloudstack' });
    const noEgress: DriverState = {
      ...state,
      groups: state.groups.map((g) =>
        g.name === 'app' ? { ...g, rules: g.rules.filter((r) => r.direction === 'ingress') } : g,
      ),
    };
    expect(chainBody(render('h1', noEgress, cloudstack), 'from_app').slice(-2)).toEqual([
      'return',
      'drop',
    ]);
    expect(chainBody(render('h1', noEgress, safespring), 'from_app').slice(-2)).toEqual([
      'ip saddr != 100.64.0.10 drop',
      'drop',
    ]);
    expect(chainBody(render('h1', state, cloudstack), 'from_app')).not.toContain('return');
  });
});

describe('renderHostRuleset: bridged hosts', () => {
  const state = bridgedFixtureState();
  const text = renderHostRuleset(state, 'h1', cloudstack);

  it('dispatches on the addresses each port owns, not on the bridge-hidden port', () => {
    const forward = chainBody(text, 'forward');
    expect(forward).toContain(
      `ip saddr { 198.51.100.10, 198.51.100.20 } jump ${egressChain('web')}`,
    );
    expect(forward).toContain(`ip daddr 100.64.0.10 jump ${ingressChain('app')}`);
    expect(forward.join('\n')).not.toMatch(/iifname|oifname/);
    expect(chainBody(text, egressChain('web'))).toContain(
      'ip saddr != { 198.51.100.10, 198.51.100.20 } drop',
    );
  });

  it('gives each bridge a conntrack zone before conntrack runs', () => {
    expect(chainBody(text, 'zones')).toEqual([
      'type filter hook prerouting priority raw; policy accept;',
      'iifname "cloudbr0" ct zone set 1',
    ]);
  });

  it('replaces the bridge table of the L2 checks in the same transaction, by port device', () => {
    expect(text).toContain('delete table bridge netconform_l2');
    expect(text).toContain('delete table inet netconform');
    expect(text).toContain('iifname "vnet0" jump l2from_web');
    expect(text).toMatch(/ether saddr != 02:6e:63:00:00:01 drop/);
    // NET-ANTISPOOF at the port: the inet table dispatches on addresses, so it cannot.
    expect(chainBody(text, 'l2from_web')).toContain(
      'ether type ip ip saddr != { 198.51.100.10, 198.51.100.20 } drop',
    );
  });
});

describe('renderHostRuleset: bridged neutron hosts (NEUTRON-BROADCAST, NEUTRON-IP-MAC-PAIR)', () => {
  const neutron = referenceRenderOptions(rendererParamsFor('neutron'));
  const state = bridgedFixtureState({ profile: 'neutron' });
  const text = renderHostRuleset(state, 'h1', neutron);
  const group = 'ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00';

  it("judges each broadcast copy by the receiving port's ingress rules, in the bridge table", () => {
    expect(chainBody(text, 'l2to_web')[0]).toBe(`ether type ip ${group} jump l2bum_web`);
    expect(chainBody(text, 'l2bum_web')).toEqual([
      'udp sport 67 udp dport 68 accept',
      'meta l4proto icmp accept',
      'meta l4proto tcp th dport 443 accept',
      'drop',
    ]);
    // Remote groups get their own set in the bridge table.
    expect(chainBody(text, 'l2bum_app')).toContain(
      'meta l4proto tcp th dport 8000-8080 ip saddr @rg_web accept',
    );
    expect(
      setElements(text.slice(text.indexOf('table bridge netconform_l2 {\n\tset')), 'rg_web'),
    ).toEqual(['198.51.100.10']);
    // No BUM drop on neutron: broadcast leaves the sender's port (its egress chain judges it).
    expect(chainBody(text, 'l2from_web')).not.toContain(`${group} drop`);
  });

  it("pins each port's source MAC, the MAC half of its IP/MAC pairs", () => {
    expect(chainBody(text, 'l2from_web')[0]).toBe('ether saddr != 02:6e:63:00:00:01 drop');
  });
});
