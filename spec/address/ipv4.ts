/**
 * IPv4 arithmetic on unsigned 32-bit integers: cheap enough for the model's hot path.
 * Inputs are assumed already validated by the schema (dotted quads, prefix <= 32).
 */

/** `198.51.100.10` -> 3325256714. */
export function ipToInt(ip: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 48);
    }
  }
  return value * 256 + octet;
}

/** 3325256714 -> `198.51.100.10`. */
export function intToIp(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** A parsed CIDR: `first` and `last` address of the block, inclusive. */
export interface CidrRange {
  readonly prefix: number;
  readonly first: number;
  readonly last: number;
}

/** Parses `a.b.c.d/len`; host bits are ignored (see `isCanonicalCidr`). */
export function parseCidr(cidr: string): CidrRange {
  const slash = cidr.indexOf('/');
  const prefix = Number(cidr.slice(slash + 1));
  const size = 2 ** (32 - prefix);
  const first = Math.floor(ipToInt(cidr.slice(0, slash)) / size) * size;
  return { prefix, first, last: first + size - 1 };
}

/** True when the address part has no host bits set (`198.51.100.0/24`, not `.5/24`). */
export function isCanonicalCidr(cidr: string): boolean {
  return ipToInt(cidr.slice(0, cidr.indexOf('/'))) === parseCidr(cidr).first;
}

/** The canonical form of `cidr` (host bits cleared). */
export function canonicalCidr(cidr: string): string {
  const range = parseCidr(cidr);
  return `${intToIp(range.first)}/${range.prefix}`;
}

export function cidrContains(range: CidrRange, address: number): boolean {
  return address >= range.first && address <= range.last;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: CidrRange, outer: CidrRange): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function cidrsOverlap(a: CidrRange, b: CidrRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * Addresses an instance may hold: the block without its network and broadcast
 * addresses (a /31 or /32 has neither).
 */
export function usableRange(range: CidrRange): { readonly first: number; readonly last: number } {
  return range.prefix >= 31
    ? { first: range.first, last: range.last }
    : { first: range.first + 1, last: range.last - 1 };
}
