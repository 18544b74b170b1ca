/**
 * nftables identifiers derived from scenario names. Scenario names may contain
 * `.`, `@` and `-`, which nft identifiers reject, so they are sanitized and, when that
 * changed them, suffixed with a short hash to stay collision-free.
 */

/** The only table the built-in drivers create (family inet). */
export const NFT_TABLE = 'netconform';

/** FNV-1a, 32 bits, as 6 hex digits: short, deterministic, no node: import. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0').slice(0, 6);
}

/** `prefix_name`, made a valid nft identifier. */
export function nftIdentifier(prefix: string, name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '_');
  return clean === name ? `${prefix}_${name}` : `${prefix}_${clean}_${shortHash(name)}`;
}

/** Chain holding an instance's egress policy (packets from it). */
export const egressChain = (instance: string): string => nftIdentifier('from', instance);
/** Chain holding an instance's ingress policy (packets to it). */
export const ingressChain = (instance: string): string => nftIdentifier('to', instance);
/** Named set of a remote group's member addresses. */
export const groupSet = (group: string): string => nftIdentifier('rg', group);

/** A double-quoted nft string (interface names). */
export function nftString(text: string): string {
  if (!/^[A-Za-z0-9_.@:+-]+$/.test(text)) {
    throw new Error(`interface name ${JSON.stringify(text)} cannot be used in an nft rule`);
  }
  return `"${text}"`;
}
