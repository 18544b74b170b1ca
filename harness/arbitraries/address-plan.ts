/**
 * The generator's address plan: every address is explicit, derived from positions,
 * so allocation is trivial and two runs agree byte for byte.
 *
 * Per site s (0-based): public pool 198.51.100.(64s)/26, nat pool 100.64.s.0/24,
 * private pool 100.65.s.0/24, host h at 192.0.2.(10 + 10s + h), the site's virtual
 * router (neutron) at 192.0.2.(19 + 10s); external e at 203.0.113.(10 + e). Instance k
 * of a network gets the pool base + 10 + k.
 */
import type { NetworkKind, ProfileName } from '../../spec/index.ts';

/** Site names, by index. */
export const SITE_NAMES = ['sto1', 'osl1', 'fra1', 'ams1'] as const;

/** Network kinds each profile offers, in generation order. */
export const PROFILE_NETWORK_KINDS: Readonly<Record<ProfileName, readonly NetworkKind[]>> = {
  safespring: ['public', 'nat', 'private'],
  cloudstack: ['public'],
  // nat: a tenant network behind the site's virtual router (NEUTRON-ROUTER-SNAT).
  neutron: ['public', 'nat'],
  danube: ['overlay'],
};

/** Accounts used by generated groups and instances (cloudstack only). */
export const ACCOUNT_NAMES = ['alice', 'bob'] as const;

const poolBase = (kind: NetworkKind, site: number): [number, number, number, number] => {
  switch (kind) {
    case 'public':
      return [198, 51, 100, 64 * site];
    case 'nat':
      return [100, 64, site, 0];
    case 'private':
      return [100, 65, site, 0];
    case 'overlay':
      return [100, 66, site, 0];
  }
};

/** The pool CIDR of network `kind` on site `site`. */
export function networkCidr(kind: NetworkKind, site: number): string {
  return `${poolBase(kind, site).join('.')}/${kind === 'public' ? 26 : 24}`;
}

/** The address of the `k`-th instance (0-based) placed on network `kind` of site `site`. */
export function instanceIp(kind: NetworkKind, site: number, k: number): string {
  const [a, b, c, d] = poolBase(kind, site);
  return `${a}.${b}.${c}.${d + 10 + k}`;
}

/** The public address of compute host `host` of site `site`. */
export function hostPublicIp(site: number, host: number): string {
  return `192.0.2.${10 + 10 * site + host}`;
}

/** The external address of site `site`'s virtual router (profiles that NAT on a router). */
export function siteRouterIp(site: number): string {
  return `192.0.2.${19 + 10 * site}`;
}

/** The address of external host `e`. */
export function externalIp(e: number): string {
  return `203.0.113.${10 + e}`;
}

/** The block every external host is in (a useful rule remote). */
export const EXTERNAL_BLOCK = '203.0.113.0/24';
