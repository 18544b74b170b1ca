import { describe, expect, it } from 'vitest';
import {
  MUTANTS,
  mutantRenderOptions,
  referenceOptionsFor,
  type MutantSpec,
} from '../../../../containers/drivers/index.ts';
import { egressChain, renderHostRuleset } from '../../../../containers/translate/index.ts';
import type { DriverState } from '../../../../harness/dataplane/index.ts';
import { bridgedFixtureState, fixtureState } from '../../translate/driver-state-fixture.ts';
import { chainBody, setElements } from '../../translate/ruleset-text.ts';

interface Rendered {
  readonly h1: string;
  readonly h2: string;
}

/** Renders the last of `states` after feeding every state through the mutant's memory. */
function renderMutant(mutant: MutantSpec, states: readonly DriverState[]): Rendered {
  const transform = mutant.transform?.() ?? ((s: DriverState) => s);
  const seen = states.map(transform);
  const last = seen.at(-1)!;
  const options = mutantRenderOptions(mutant, last);
  return { h1: renderHostRuleset(last, 'h1', options), h2: renderHostRuleset(last, 'h2', options) };
}

function renderReference(state: DriverState): Rendered {
  const options = referenceOptionsFor(state);
  return {
    h1: renderHostRuleset(state, 'h1', options),
    h2: renderHostRuleset(state, 'h2', options),
  };
}

const base = fixtureState();
/** A port of h1 with a secondary address (L2-SECONDARY-IP). */
const withSecondary: DriverState = {
  ...base,
  ports: base.ports.map((p, i) =>
    i === base.ports.findIndex((q) => q.host === 'h1')
      ? { ...p, secondaryIps: ['100.64.0.99'] }
      : p,
  ),
};

/** `app`'s group gains a member after the first apply (as after an attach). */
const appGrown: DriverState = {
  ...base,
  generation: 2,
  groups: base.groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) =>
      'group' in r.remote && r.remote.group === 'app'
        ? { ...r, remote: { group: 'app', members: ['100.64.0.10', '100.64.0.11'] } }
        : r,
    ),
  })),
};
/** `web` detached from instance `web` after the first apply. */
const webDetached: DriverState = {
  ...base,
  generation: 2,
  ports: base.ports.map((p) => (p.instance === 'web' ? { ...p, groups: ['base'] } : p)),
};
/** `web` gains an ingress rule for tcp 80 after the first apply. */
const webRuleAdded: DriverState = {
  ...base,
  generation: 2,
  groups: base.groups.map((g) =>
    g.name === 'web'
      ? {
          ...g,
          rules: [
            ...g.rules,
            {
              direction: 'ingress',
              protocol: 'tcp',
              ports: { from: 80, to: 80 },
              remote: { cidr: '0.0.0.0/0' },
            },
          ],
        }
      : g,
  ),
};
/** `web` loses its tcp 443 ingress rule after the first apply. */
const webRuleRemoved: DriverState = {
  ...base,
  generation: 2,
  groups: base.groups.map((g) =>
    g.name === 'web' ? { ...g, rules: g.rules.filter((r) => r.direction !== 'ingress') } : g,
  ),
};
/** Instance `app` is attached to `web` after the first apply. */
const appAttached: DriverState = {
  ...base,
  generation: 2,
  ports: base.ports.map((p) => (p.instance === 'app' ? { ...p, groups: ['app', 'web'] } : p)),
};
const db = egressChain('db.1');
/** Bridged hosts (cloudstack names): the bridge table of the L2 checks is rendered. */
const bridged = bridgedFixtureState();
/** The L2 check lines of web's port, from (`l2from_web`) and to (`l2to_web`) it. */
const l2From = (text: string) => chainBody(text, 'l2from_web');

/** Overlay (danube) mutants change the overlay driver, not the nft renderer. */
const OVERLAY_MUTANTS = MUTANTS.filter((m) => m.overlay !== undefined);
const NFT_MUTANTS = MUTANTS.filter((m) => m.overlay === undefined);

/** `web` migrated from h1 to h2 after the first apply (CS-MIGRATE). */
const webMigrated: DriverState = {
  ...base,
  generation: 2,
  ports: base.ports.map((p) => (p.instance === 'web' ? { ...p, host: 'h2' } : p)),
};

/** Per mutant: the states it is shown on and how its text differs from the reference. */
const differences: Record<
  string,
  { states: DriverState[]; check: (m: Rendered, r: Rendered) => void }
> = {
  stateless: {
    states: [base],
    check: (m, r) => {
      expect(chainBody(r.h1, 'forward')).toContain('ct state established,related accept');
      expect(chainBody(m.h1, 'forward')).not.toContain('ct state established,related accept');
    },
  },
  'related-dropped': {
    states: [base],
    check: (m, r) => {
      expect(chainBody(r.h1, 'forward')).toContain('ct state established,related accept');
      expect(chainBody(m.h1, 'forward')).toContain('ct state established accept');
      expect(chainBody(m.h1, 'forward').join('\n')).not.toContain('related');
    },
  },
  'flush-on-change': {
    states: [base],
    check: (m, r) => expect(m).toEqual(r),
  },
  'egress-return': {
    states: [base],
    check: (m) =>
      expect(chainBody(m.h1, 'from_app').slice(1, 3)).toEqual([
        'ip saddr != 100.64.0.10 drop',
        'return',
      ]),
  },
  'protocol-ignored': {
    states: [base],
    check: (m) =>
      expect(chainBody(m.h1, 'to_web')).toContain('meta l4proto { tcp, udp } th dport 443 accept'),
  },
  'no-masquerade': {
    states: [base],
    check: (m, r) => {
      expect(chainBody(r.h1, 'postrouting')).toHaveLength(2);
      expect(chainBody(m.h1, 'postrouting')).toHaveLength(1);
    },
  },
  'masquerade-wrong-address': {
    states: [base],
    check: (m) => expect(chainBody(m.h1, 'postrouting')[1]).toMatch(/snat ip to 192\.0\.2\.254$/),
  },
  'private-leak': {
    states: [base],
    check: (m, r) => {
      expect(chainBody(r.h2, db)).toContain('ip daddr != @site_pools drop');
      expect(chainBody(m.h2, db)).not.toContain('ip daddr != @site_pools drop');
      expect(setElements(m.h2, 'nat_pools')).toEqual(['100.64.0.0/16', '100.65.0.0/16']);
    },
  },
  'stale-remote-group': {
    states: [base, appGrown],
    check: (m, r) => {
      expect(setElements(r.h2, 'rg_app')).toEqual(['100.64.0.10']); // reference on `base`
      expect(setElements(renderReference(appGrown).h2, 'rg_app')).toHaveLength(2);
      expect(setElements(m.h2, 'rg_app')).toEqual(['100.64.0.10']);
    },
  },
  'port-range-off-by-one': {
    states: [base],
    check: (m) => {
      expect(chainBody(m.h1, 'to_app')).toContain(
        'meta l4proto tcp th dport 8000-8079 ip saddr @rg_web accept',
      );
      expect(chainBody(m.h1, 'to_web').join('\n')).not.toContain('443');
    },
  },
  'icmp-always': {
    states: [base],
    check: (m) => expect(chainBody(m.h1, 'forward')[3]).toBe('meta l4proto icmp accept'),
  },
  'ingress-on-source': {
    states: [base],
    check: (m) => {
      expect(chainBody(m.h1, 'from_web')).toContain('meta l4proto tcp th dport 443 return');
      expect(chainBody(m.h1, 'to_web')).toEqual(['meta nfproto != ipv4 drop', 'accept', 'drop']);
    },
  },
  'detach-ignored': {
    states: [base, webDetached],
    check: (m) => {
      expect(chainBody(renderReference(webDetached).h1, 'to_web')).not.toContain(
        'meta l4proto tcp th dport 443 accept',
      );
      expect(chainBody(m.h1, 'to_web')).toContain('meta l4proto tcp th dport 443 accept');
    },
  },
  'add-rule-ignored': {
    states: [base, webRuleAdded],
    check: (m) => {
      const reference = renderReference(webRuleAdded).h1;
      expect(chainBody(reference, 'to_web')).toContain('meta l4proto tcp th dport 80 accept');
      expect(chainBody(m.h1, 'to_web')).not.toContain('meta l4proto tcp th dport 80 accept');
      expect(chainBody(m.h1, 'to_web')).toContain('meta l4proto tcp th dport 443 accept');
    },
  },
  'remove-rule-ignored': {
    states: [base, webRuleRemoved],
    check: (m) => {
      const reference = renderReference(webRuleRemoved).h1;
      expect(chainBody(reference, 'to_web')).not.toContain('meta l4proto tcp th dport 443 accept');
      expect(chainBody(m.h1, 'to_web')).toContain('meta l4proto tcp th dport 443 accept');
    },
  },
  'attach-ignored': {
    states: [base, appAttached],
    check: (m) => {
      const reference = renderReference(appAttached).h1;
      expect(chainBody(reference, 'to_app')).toContain('meta l4proto tcp th dport 443 accept');
      expect(chainBody(m.h1, 'to_app')).not.toContain('meta l4proto tcp th dport 443 accept');
    },
  },
  'no-antispoof': {
    states: [base],
    check: (m) => expect(m.h1).not.toMatch(/ip saddr != \d/),
  },
  'first-group-only': {
    states: [base],
    check: (m) =>
      expect(chainBody(m.h1, 'to_web')).not.toContain('meta l4proto tcp th dport 443 accept'),
  },
  'mac-spoof-allowed': {
    states: [bridged],
    check: (m, r) => {
      expect(l2From(r.h1)).toContain('ether saddr != 02:6e:63:00:00:01 drop');
      expect(l2From(m.h1).join('\n')).not.toContain('ether saddr !=');
      // Only the MAC check goes: the ARP claims still pin web's MAC.
      expect(l2From(m.h1)).toContain('arp saddr ether != 02:6e:63:00:00:01 drop');
    },
  },
  'arp-spoof-allowed': {
    states: [bridged],
    check: (m, r) => {
      expect(l2From(r.h1).join('\n')).toContain('arp saddr ip !=');
      expect(l2From(m.h1).join('\n')).not.toContain('arp saddr');
      expect(l2From(m.h1)).toContain('ether saddr != 02:6e:63:00:00:01 drop');
    },
  },
  'bum-forwarded': {
    states: [bridged],
    check: (m, r) => {
      const bum = 'ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00 drop';
      expect(l2From(r.h1)).toContain(bum);
      expect(l2From(m.h1)).not.toContain(bum);
    },
  },
  'rogue-dhcp-allowed': {
    states: [bridged],
    check: (m, r) => {
      expect(l2From(r.h1)).toContain('udp sport 67 udp dport 68 drop');
      expect(l2From(m.h1)).not.toContain('udp sport 67 udp dport 68 drop');
      expect(chainBody(r.h1, 'forward')).not.toContain('udp sport 67 udp dport 68 accept');
      expect(chainBody(m.h1, 'forward')).toContain('udp sport 67 udp dport 68 accept');
    },
  },
  'dhcp-dns-blocked': {
    states: [bridged],
    check: (m, r) => {
      const dns = 'ip daddr 198.51.100.61 meta l4proto { tcp, udp } th dport 53 return';
      const dhcp = 'ip saddr 198.51.100.61 udp sport 67 udp dport 68 accept';
      expect(chainBody(r.h1, 'from_web')).toContain(dns);
      expect(chainBody(r.h1, 'to_web')).toContain(dhcp);
      expect(m.h1).not.toContain(dns);
      expect(m.h1).not.toContain(dhcp);
    },
  },
  'ip-mac-pair-ignored': {
    states: [bridgedFixtureState({ profile: 'neutron' })],
    check: (m, r) => {
      expect(r.h1).toMatch(/ip saddr != \{ 198\.51\.100\.10, 198\.51\.100\.20 \} drop/);
      expect(m.h1).not.toMatch(/ip saddr != /);
      // Both halves of the pair: the MAC check goes too (NEUTRON-IP-MAC-PAIR).
      expect(l2From(r.h1)).toContain('ether saddr != 02:6e:63:00:00:01 drop');
      expect(l2From(m.h1).join('\n')).not.toContain('ether saddr !=');
    },
  },
  'broadcast-unfiltered': {
    states: [bridgedFixtureState({ profile: 'neutron' })],
    check: (m, r) => {
      const jump =
        'ether type ip ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00 jump l2bum_web';
      expect(chainBody(r.h1, 'l2to_web')).toContain(jump);
      expect(chainBody(r.h1, 'l2bum_web').at(-1)).toBe('drop');
      expect(m.h1).not.toContain('l2bum_');
    },
  },
  'broadcast-dropped': {
    states: [bridgedFixtureState({ profile: 'neutron' })],
    check: (m, r) => {
      const bum = 'ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00 drop';
      expect(l2From(r.h1)).not.toContain(bum);
      expect(l2From(m.h1)).toContain(bum);
    },
  },
  'snat-to-host-instead-of-router': {
    // neutron: the virtual router NATs (the dataplane's), so the reference host NATs nothing.
    states: [bridgedFixtureState({ profile: 'neutron' })],
    check: (m, r) => {
      expect(chainBody(r.h1, 'postrouting')).toHaveLength(1);
      expect(chainBody(m.h1, 'postrouting')[1]).toMatch(
        /^oifname \{ "cloudbr0" \} ip saddr @nat_pools ip daddr != @site_pools snat ip to 192\.0\.2\.\d+$/,
      );
    },
  },
  'invalid-accepted': {
    states: [bridgedFixtureState({ profile: 'neutron' })],
    check: (m, r) => {
      // neutron's order: the rules judge INVALID packets (NEUTRON-INVALID), no early verdict.
      expect(chainBody(r.h1, 'forward').join('\n')).not.toMatch(/ct state invalid/);
      expect(chainBody(m.h1, 'forward')).toContain('ct state invalid accept');
    },
  },
  'dhcp-client-blocked': {
    states: [bridgedFixtureState({ profile: 'neutron' })],
    check: (m, r) => {
      expect(chainBody(r.h1, 'to_web')).toContain('udp sport 67 udp dport 68 accept');
      expect(chainBody(r.h1, 'from_web')).toContain('udp sport 68 udp dport 67 return');
      expect(m.h1).not.toContain('udp sport 67 udp dport 68 accept');
      expect(m.h1).not.toContain('udp sport 68 udp dport 67 return');
    },
  },
  'survive-removal': {
    // Same ruleset: it only skips deleting unadmitted flows' entries (flow-cut.test.ts).
    states: [fixtureState({ profile: 'neutron' })],
    check: (m, r) => expect(m).toEqual(r),
  },
  'ct-delete-exact': {
    // Same ruleset: it deletes with the finer scope (neutron-ct-scope.test.ts).
    states: [fixtureState({ profile: 'neutron' })],
    check: (m, r) => expect(m).toEqual(r),
  },
  'rules-left-on-old-host': {
    states: [base, webMigrated],
    check: (m) => {
      const reference = renderReference(webMigrated);
      expect(chainBody(reference.h2, 'to_web')).toContain('meta l4proto tcp th dport 443 accept');
      expect(chainBody(reference.h1, 'to_web')).toEqual([]);
      expect(chainBody(m.h2, 'to_web')).toEqual([]);
      expect(chainBody(m.h1, 'to_web')).toContain('meta l4proto tcp th dport 443 accept');
    },
  },
  'secondary-ip-refused': {
    states: [withSecondary],
    check: (m) => {
      expect(m.h1).not.toContain('100.64.0.99');
      expect(renderReference(withSecondary).h1).toContain('100.64.0.99');
    },
  },
};

describe('mutant catalogue', () => {
  it('has at least 10 uniquely named mutants with an origin, requirements and a witness', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
    for (const m of MUTANTS) {
      expect(m.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(m.origin.length).toBeGreaterThan(20);
      expect(m.witness.length).toBeGreaterThan(20);
      expect(m.requirements.length).toBeGreaterThan(0);
    }
  });

  it('has a text-level difference test for every nft mutant', () => {
    expect(Object.keys(differences).sort()).toEqual(NFT_MUTANTS.map((m) => m.name).sort());
  });

  it('every overlay mutant changes one overlay option but the double fault, which changes two (test/containers/translate/render-overlay.test.ts)', () => {
    const double = 'ipsec-and-firewall-missing-for-one-pair';
    for (const m of OVERLAY_MUTANTS.filter((m) => m.name !== double))
      expect(Object.keys(m.overlay ?? {})).toHaveLength(1);
    expect(OVERLAY_MUTANTS.find((m) => m.name === double)?.overlay).toEqual({
      encryptEveryPair: false,
      exemptUnencryptedPairs: true,
    });
    expect(OVERLAY_MUTANTS.map((m) => m.name).sort()).toEqual([
      double,
      'ipsec-missing-for-one-pair',
      'mtu-1500',
      'plaintext-in-allowed',
      'plaintext-out-allowed',
      'same-pdc-over-internet',
      'vni-crosstalk',
    ]);
  });

  for (const mutant of NFT_MUTANTS) {
    it(`${mutant.name} differs from the reference as described`, () => {
      const { states, check } = differences[mutant.name]!;
      const m = renderMutant(mutant, states);
      const r = renderReference(states[0]!);
      check(m, r);
      const changesText = JSON.stringify(m) !== JSON.stringify(renderReference(states.at(-1)!));
      // Every mutant but those acting on conntrack shows in the rendered text.
      const conntrackOnly =
        mutant.afterApply !== undefined ||
        mutant.render?.cutUnadmitted === false ||
        mutant.render?.cutScope !== undefined;
      expect(changesText || conntrackOnly).toBe(true);
    });
  }

  it('flush-on-change flushes conntrack after every apply, and only it does', () => {
    expect(MUTANTS.filter((m) => m.afterApply !== undefined).map((m) => m.name)).toEqual([
      'flush-on-change',
    ]);
    expect(MUTANTS.find((m) => m.name === 'flush-on-change')!.afterApply).toEqual([
      ['conntrack', '-F'],
    ]);
  });

  it('survive-removal keeps the entries the reference deletes on a flushing profile', () => {
    const state = fixtureState({ profile: 'neutron' });
    const mutant = MUTANTS.find((m) => m.name === 'survive-removal')!;
    expect(referenceOptionsFor(state).cutUnadmitted).toBe(true);
    expect(mutantRenderOptions(mutant, state).cutUnadmitted).toBe(false);
  });

  it("ct-delete-exact cuts with the finer scope where the reference uses neutron's", () => {
    const state = fixtureState({ profile: 'neutron' });
    const mutant = MUTANTS.find((m) => m.name === 'ct-delete-exact')!;
    expect(referenceOptionsFor(state).cutScope).toBe('neutron');
    expect(mutantRenderOptions(mutant, state)).toMatchObject({
      cutUnadmitted: true,
      cutScope: 'unadmitted',
    });
  });
});
